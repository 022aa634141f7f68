package io.swarmrec.cache;

import io.swarmrec.core.IdDictionary;
import io.swarmrec.core.topk.ScoredIds;
import java.util.Arrays;
import java.util.Objects;

/**
 * A cached recommendation list: external item ids with their scores, best first, plus where it came from
 * (algorithm, model version, whether it is a degraded fallback) and when it was computed.
 *
 * <p>Item ids are the external strings, not dense ids: dense ids are renumbered by every model build and
 * differ between replicas, while a cached list must stay meaningful in Redis across both. Like
 * {@link ScoredIds}, instances are immutable by convention: the arrays are not copied and callers must not
 * write into them.
 */
public final class CachedRecs {
  private final String[] itemIds;
  private final float[] scores;
  private final String algorithm;
  private final boolean degraded;
  private final long modelVersion;
  private final long createdAtMillis;
  private final int estimatedBytes;
  private volatile Object attachment;

  public CachedRecs(String[] itemIds, float[] scores, String algorithm, boolean degraded, long modelVersion,
      long createdAtMillis) {
    if (itemIds.length != scores.length) {
      throw new IllegalArgumentException(
          "item ids and scores differ in length: " + itemIds.length + " vs " + scores.length);
    }
    if (algorithm == null || algorithm.isEmpty()) {
      throw new IllegalArgumentException("algorithm name must be non-empty");
    }
    for (int i = 0; i < itemIds.length; i++) {
      if (itemIds[i] == null) {
        throw new IllegalArgumentException("item id at rank " + i + " is null");
      }
    }
    this.itemIds = itemIds;
    this.scores = scores;
    this.algorithm = algorithm;
    this.degraded = degraded;
    this.modelVersion = modelVersion;
    this.createdAtMillis = createdAtMillis;
    this.estimatedBytes = estimateBytes(itemIds, algorithm);
  }

  /** Translates a ranked list of dense item ids to external ids through the model's item dictionary. */
  public static CachedRecs of(ScoredIds ranked, IdDictionary items, String algorithm, boolean degraded,
      long modelVersion, long createdAtMillis) {
    String[] ids = new String[ranked.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = items.key(ranked.id(i));
    }
    return new CachedRecs(ids, ranked.scores().clone(), algorithm, degraded, modelVersion, createdAtMillis);
  }

  public int size() {
    return itemIds.length;
  }

  public String itemId(int rank) {
    return itemIds[rank];
  }

  public float score(int rank) {
    return scores[rank];
  }

  /** The item ids, best first. Read-only. */
  public String[] itemIds() {
    return itemIds;
  }

  /** The scores, best first. Read-only. */
  public float[] scores() {
    return scores;
  }

  public String algorithm() {
    return algorithm;
  }

  /** True when the list is a fallback (popular or trending items) served because the real answer failed. */
  public boolean degraded() {
    return degraded;
  }

  public long modelVersion() {
    return modelVersion;
  }

  public long createdAtMillis() {
    return createdAtMillis;
  }

  /**
   * What the cache's owner hung on this list, or null: typically its answer already encoded for the wire, so
   * that a hit served many times is encoded once. Not part of the value (equality, L2), never copied.
   */
  public Object attachment() {
    return attachment;
  }

  /**
   * Hangs {@code a} on this list (see {@link #attachment()}); {@link #estimatedBytes} reserves room for an
   * encoded answer about as long as the list's JSON, so an attachment of that order does not push L1 over
   * its byte budget.
   */
  public void attach(Object a) {
    attachment = a;
  }

  /**
   * Approximate heap footprint in bytes (compressed oops, compact Latin-1 strings); this is what bounds L1.
   * An estimate, not a measurement: good enough to keep the cache within a memory budget.
   */
  public int estimatedBytes() {
    return estimatedBytes;
  }

  private static int estimateBytes(String[] itemIds, String algorithm) {
    long bytes = 48 + 16 + 4L * itemIds.length + 16 + 4L * itemIds.length + stringBytes(algorithm);
    long encoded = 16 + 96 + stringBytes(algorithm); // an attachment: byte[] header, fixed fields, names
    for (String id : itemIds) {
      bytes += stringBytes(id);
      encoded += id.length() + 32; // {"item":"..","score":0.12345678}
    }
    bytes += encoded;
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  /** A String object (24 bytes) and its byte[] (16 bytes of header plus one byte per Latin-1 char). */
  static int stringBytes(String s) {
    return 40 + s.length();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CachedRecs c
        && degraded == c.degraded
        && modelVersion == c.modelVersion
        && createdAtMillis == c.createdAtMillis
        && algorithm.equals(c.algorithm)
        && Arrays.equals(itemIds, c.itemIds)
        && Arrays.equals(scores, c.scores);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, degraded, modelVersion, createdAtMillis)
        + 31 * Arrays.hashCode(itemIds) + Arrays.hashCode(scores);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(algorithm).append(degraded ? "(degraded)" : "")
        .append(" v").append(modelVersion).append(" [");
    for (int i = 0; i < itemIds.length; i++) {
      b.append(i == 0 ? "" : ", ").append(itemIds[i]).append(':').append(scores[i]);
    }
    return b.append(']').toString();
  }
}
