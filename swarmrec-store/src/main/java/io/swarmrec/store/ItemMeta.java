package io.swarmrec.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Catalogue data about one item: categories and tags (for filters and content-based candidates), when
 * it was created (for freshness), and an optional content vector (an embedding computed elsewhere).
 *
 * <p>Labels are 1 to {@link #MAX_LABEL_LENGTH} chars without control characters (so that every backend
 * can store a list in one column); the vector, when present, has 1 to {@link #MAX_DIMENSIONS} finite
 * components. The vector array is copied in and out, so an {@code ItemMeta} is immutable.
 */
public record ItemMeta(String item, List<String> categories, List<String> tags, long createdEpochSecond,
    float[] vector) {
  public static final int MAX_LABEL_LENGTH = 256;
  public static final int MAX_LABELS = 1024;
  public static final int MAX_DIMENSIONS = 65_536;

  public ItemMeta {
    Event.requireId("item", item);
    categories = requireLabels("category", categories);
    tags = requireLabels("tag", tags);
    Event.requireTime("item creation time", createdEpochSecond);
    vector = vector == null ? null : requireVector(item, vector).clone();
  }

  /** Metadata without a content vector. */
  public ItemMeta(String item, List<String> categories, List<String> tags, long createdEpochSecond) {
    this(item, categories, tags, createdEpochSecond, null);
  }

  /** A copy of the content vector, or null when the item has none. */
  @Override
  public float[] vector() {
    return vector == null ? null : vector.clone();
  }

  public boolean hasVector() {
    return vector != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemMeta m && item.equals(m.item) && categories.equals(m.categories)
        && tags.equals(m.tags) && createdEpochSecond == m.createdEpochSecond && Arrays.equals(vector, m.vector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(item, categories, tags, createdEpochSecond) * 31 + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "ItemMeta[" + item + ", categories=" + categories + ", tags=" + tags + ", created="
        + createdEpochSecond + ", vector=" + (vector == null ? "none" : vector.length + " dims") + "]";
  }

  private static List<String> requireLabels(String kind, List<String> labels) {
    if (labels == null) {
      return List.of();
    }
    if (labels.size() > MAX_LABELS) {
      throw new IllegalArgumentException("more than " + MAX_LABELS + " " + kind + " labels: " + labels.size());
    }
    List<String> copy = new ArrayList<>(labels.size());
    for (String label : labels) {
      copy.add(requireLabel(kind, label));
    }
    return List.copyOf(copy);
  }

  private static String requireLabel(String kind, String label) {
    if (label == null || Event.isBlank(label) || label.length() > MAX_LABEL_LENGTH) {
      throw new IllegalArgumentException(kind + " label must have 1 to " + MAX_LABEL_LENGTH
          + " non-blank chars, got " + (label == null ? "null" : "'" + label + "'"));
    }
    for (int i = 0; i < label.length(); i++) {
      if (Character.isISOControl(label.charAt(i))) {
        throw new IllegalArgumentException(kind + " label '" + label + "' contains a control character");
      }
    }
    return label;
  }

  private static float[] requireVector(String item, float[] vector) {
    if (vector.length == 0 || vector.length > MAX_DIMENSIONS) {
      throw new IllegalArgumentException("content vector of item '" + item + "' must have 1 to " + MAX_DIMENSIONS
          + " dimensions, got " + vector.length);
    }
    for (float x : vector) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("content vector of item '" + item + "' has a non-finite component " + x);
      }
    }
    return vector;
  }
}
