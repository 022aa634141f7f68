package io.swarmrec.algo.scoring;

import io.swarmrec.core.topk.ScoredIds;
import io.swarmrec.core.topk.TopK;
import io.swarmrec.core.vector.VectorOps;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Sums scores per id for one request, built for the inner loop of neighbourhood scoring, where a request
 * adds ten thousand votes into a few thousand of 200,000 candidates and then keeps the best ten.
 *
 * <p>Why not {@link SparseAccumulator}: its touched list makes each add depend on the previous one (the
 * list's length is the address of the next write, and whether it grows depends on a load), a chain of
 * about seven cycles per add that no out-of-order core can overlap. Here an add is two independent
 * writes, the sum {@code values[id] += v + 0f} and a block byte {@code blocks[id / 64] = 1}, with no read
 * that a later add waits for. An untouched id holds negative zero, which no sum reaches again: adding
 * {@code +0f} to every vote turns a {@code -0f} vote into {@code +0f}, and {@code -0f + x} is {@code x}
 * for every other {@code x}, so the sums are those of plain addition from zero and "touched" is "not
 * the bits of {@code -0f}", with no mark array to write. Which ids were touched is found afterwards: the
 * block bytes are scanned eight at a time (3,125 bytes for 200,000 ids) and each marked block's 64
 * values are tested in a few vector compares ({@link #top}). The price is that scan, a few thousand
 * reads per request, against tens of thousands of cycles saved in the adds; it is the sparse accumulator
 * of Gilbert, Moler and Schreiber ("Sparse matrices in MATLAB", 1992) with the touched list replaced by a
 * block bitmap.
 *
 * <p>Ids are visited in ascending order, not first-touch order; callers that rank (the only use) do not
 * care, since {@link TopK} orders ties by id. A touched id whose votes were all {@code -0f} sums to
 * {@code +0f} (a sign no ranking sees). {@link #clear()} resets only the marked blocks, and {@link #top}
 * resets each block once it has read it, so a request that ranks leaves nothing to clear, and the next
 * {@link #clear()} returns without scanning the bitmap (an add between a {@code top} and a {@code clear} is
 * a caller's error: every request starts with {@code clear}). About four bytes
 * per id; not thread-safe: one per thread, see {@link ScratchPool}.
 */
public final class BlockAccumulator {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int BLOCK = 64;
  private static final VectorOps OPS = VectorOps.get();

  private final int capacity;
  private static final int UNTOUCHED = VectorOps.NEGATIVE_ZERO_BITS; // the bits of -0f
  private final float[] values; // -0f outside touched ids
  private final byte[] blocks; // 1 at blocks of 64 ids holding a touched id
  /** True from a completed {@link #top} until the next {@link #clear}: everything is reset already. */
  private boolean ranked;

  public BlockAccumulator(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    }
    this.capacity = capacity;
    int nBlocks = (capacity + BLOCK - 1) / BLOCK;
    this.values = new float[nBlocks * BLOCK];
    Arrays.fill(values, -0f);
    this.blocks = new byte[(nBlocks + 7) & ~7];
  }

  public int capacity() {
    return capacity;
  }

  /** Adds {@code v} to the sum of {@code id}. */
  public void add(int id, float v) {
    values[id] += v + 0f; // never -0f: see the class comment
    blocks[id >>> 6] = 1;
  }

  public boolean contains(int id) {
    return Float.floatToRawIntBits(values[id]) != UNTOUCHED;
  }

  /** The sum of {@code id}, 0 when untouched. */
  public float get(int id) {
    return values[id] + 0f;
  }

  /** Forgets every sum: zeroes the marked blocks. */
  public void clear() {
    if (ranked) {
      ranked = false; // top() left every block reset: nothing to scan (the usual case: one scan per request)
      return;
    }
    for (int w = 0; w < blocks.length; w += 8) {
      long word = (long) LONGS.get(blocks, w);
      while (word != 0) {
        int b = w + (Long.numberOfTrailingZeros(word) >>> 3);
        word &= word - 1; // marks are 0 or 1: clearing the lowest set bit clears the byte
        int from = b * BLOCK;
        Arrays.fill(values, from, from + BLOCK, -0f);
        blocks[b] = 0;
      }
    }
  }

  /** Number of touched ids (a scan; for tests and statistics). */
  public int size() {
    int n = 0;
    for (float v : values) {
      n += Float.floatToRawIntBits(v) != UNTOUCHED ? 1 : 0;
    }
    return n;
  }

  /**
   * The {@code k} best touched ids by sum plus {@code offsets[id]} that {@code filter} (over these ids)
   * does not exclude, best first, reported and tie-broken as {@code idOf[id]} (the accumulator may count in
   * a renumbering of the caller's ids). Either array may be null: no offsets, the identity. Leaves the
   * accumulator cleared: each marked block is reset right after it is read, while it is still in cache.
   *
   * <p>Each marked block is tested in one {@link VectorOps#selectAtLeast} call (on AVX-512 four vector
   * compares for 64 ids), which finds the touched ids whose score reaches the heap's current threshold;
   * only those are looked at one by one. Once the heap is full few ids pass, so the scan costs a few
   * vector operations per block instead of a branch per id.
   */
  public ScoredIds top(int k, ItemFilter filter, TopK heap, float[] offsets, int[] idOf) {
    heap.reset(k);
    float threshold = heap.threshold();
    for (int w = 0; w < blocks.length; w += 8) {
      long bw = (long) LONGS.get(blocks, w);
      while (bw != 0) {
        int b = w + (Long.numberOfTrailingZeros(bw) >>> 3);
        bw &= bw - 1;
        int from = b * BLOCK;
        long hits = OPS.selectAtLeast(values, offsets, from, Math.min(BLOCK, capacity - from), threshold);
        while (hits != 0) {
          int id = from + Long.numberOfTrailingZeros(hits);
          hits &= hits - 1;
          float v = offsets == null ? values[id] : values[id] + offsets[id];
          if (v >= threshold && !filter.excludes(id)) { // the threshold may have risen since the block test
            heap.offer(idOf == null ? id : idOf[id], v);
            threshold = heap.threshold();
          }
        }
        Arrays.fill(values, from, from + BLOCK, -0f);
        blocks[b] = 0;
      }
    }
    ranked = true;
    return heap.drain();
  }
}
