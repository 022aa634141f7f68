package io.swarmrec.core.topk;

/**
 * Selects the k best (id, score) pairs from a stream, in O(n log k) time and O(k) space with no
 * allocation per offer: a binary min-heap over two parallel primitive arrays whose root is the weakest of
 * the current best k, so most candidates are rejected by one comparison against {@link #threshold()}.
 *
 * <p>Order is total and deterministic: higher score first, and on equal scores the smaller id first, so
 * two runs over the same data give the same list whatever order candidates arrive in. NaN scores are
 * ignored. Reusable through {@link #reset(int)}; not thread-safe, keep one per thread.
 */
public final class TopK {
  private int[] ids;
  private float[] scores;
  private int k;
  private int size;

  public TopK(int k) {
    ids = new int[Math.max(1, k)];
    scores = new float[Math.max(1, k)];
    reset(k);
  }

  /** Empties the selector and sets a new k, growing the arrays when needed. */
  public void reset(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    if (k > ids.length) {
      ids = new int[k];
      scores = new float[k];
    }
    this.k = k;
    this.size = 0;
  }

  public int size() {
    return size;
  }

  public boolean isFull() {
    return size == k;
  }

  /** The score a candidate must beat once full; negative infinity before that. */
  public float threshold() {
    return size == k && k > 0 ? scores[0] : Float.NEGATIVE_INFINITY;
  }

  /** Offers a candidate; returns whether it entered the current top k. */
  public boolean offer(int id, float score) {
    if (score != score || k == 0) {
      return false;
    }
    if (size < k) {
      int i = size++;
      siftUp(i, id, score);
      return true;
    }
    if (!better(id, score, ids[0], scores[0])) {
      return false;
    }
    siftDown(0, id, score);
    return true;
  }

  /** The selected pairs, best first. Leaves the selector empty. */
  public ScoredIds drain() {
    int n = size;
    int[] outIds = new int[n];
    float[] outScores = new float[n];
    for (int i = n - 1; i >= 0; i--) { // pop the weakest to the back
      outIds[i] = ids[0];
      outScores[i] = scores[0];
      size--;
      if (size > 0) {
        siftDown(0, ids[size], scores[size]);
      }
    }
    return new ScoredIds(outIds, outScores);
  }

  /** a ranks before b: higher score, then smaller id. */
  private static boolean better(int aId, float aScore, int bId, float bScore) {
    return aScore > bScore || (aScore == bScore && aId < bId);
  }

  private void siftUp(int i, int id, float score) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!better(ids[parent], scores[parent], id, score)) {
        break; // parent is weaker or equal: the heap property holds
      }
      ids[i] = ids[parent];
      scores[i] = scores[parent];
      i = parent;
    }
    ids[i] = id;
    scores[i] = score;
  }

  private void siftDown(int i, int id, float score) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && better(ids[child], scores[child], ids[right], scores[right])) {
        child = right; // pick the weaker child
      }
      if (!better(id, score, ids[child], scores[child])) {
        break;
      }
      ids[i] = ids[child];
      scores[i] = scores[child];
      i = child;
    }
    ids[i] = id;
    scores[i] = score;
  }
}
