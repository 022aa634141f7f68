package io.swarmrec.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Catalogue data about one item: categories and tags (for filters and content-based candidates), its
 * author (a user id: a feed never recommends users their own items, and rules filter or cap by author),
 * when it was created (for freshness), its text (a post's body, for text embeddings) and an optional content
 * vector (an embedding computed elsewhere).
 *
 * <p>Labels are 1 to {@link #MAX_LABEL_LENGTH} chars without control characters (so that every backend
 * can store a list in one column); the author, when present, follows {@link Event#requireId}; the text has
 * at most {@link #MAX_TEXT_LENGTH} chars; the vector, when present, has 1 to {@link #MAX_DIMENSIONS} finite
 * components. The vector array is copied in and out, so an {@code ItemMeta} is immutable.
 *
 * @param author the author's user id, or null
 * @param text the item's text, or null
 */
public record ItemMeta(String item, List<String> categories, List<String> tags, String author,
    long createdEpochSecond, String text, float[] vector) {
  public static final int MAX_LABEL_LENGTH = 256;
  public static final int MAX_LABELS = 1024;
  public static final int MAX_DIMENSIONS = 65_536;
  public static final int MAX_TEXT_LENGTH = 65_536;

  public ItemMeta {
    Event.requireId("item", item);
    categories = requireLabels("category", categories);
    tags = requireLabels("tag", tags);
    if (author != null) {
      Event.requireId("author", author);
    }
    Event.requireTime("item creation time", createdEpochSecond);
    if (text != null && text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException("text of item '" + item + "' has " + text.length() + " chars, more than "
          + MAX_TEXT_LENGTH);
    }
    if (text != null && text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("text of item '" + item + "' contains a NUL char");
    }
    vector = vector == null ? null : requireVector(item, vector).clone();
  }

  /** Metadata without author or text. */
  public ItemMeta(String item, List<String> categories, List<String> tags, long createdEpochSecond, float[] vector) {
    this(item, categories, tags, null, createdEpochSecond, null, vector);
  }

  /** Metadata without author, text or content vector. */
  public ItemMeta(String item, List<String> categories, List<String> tags, long createdEpochSecond) {
    this(item, categories, tags, null, createdEpochSecond, null, null);
  }

  /** This metadata with another content vector (null: none). */
  public ItemMeta withVector(float[] v) {
    return new ItemMeta(item, categories, tags, author, createdEpochSecond, text, v);
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
        && tags.equals(m.tags) && Objects.equals(author, m.author) && createdEpochSecond == m.createdEpochSecond
        && Objects.equals(text, m.text) && Arrays.equals(vector, m.vector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(item, categories, tags, author, createdEpochSecond, text) * 31 + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "ItemMeta[" + item + ", categories=" + categories + ", tags=" + tags + ", author=" + author
        + ", created=" + createdEpochSecond + ", text=" + (text == null ? "none" : text.length() + " chars")
        + ", vector=" + (vector == null ? "none" : vector.length + " dims") + "]";
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
