package io.swarmrec.cli;

import io.swarmrec.algo.Recommender;
import io.swarmrec.algo.itemknn.ItemKnn;
import io.swarmrec.core.matrix.CsrMatrix;
import io.swarmrec.core.matrix.Interactions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the bytes of a trained model go, computed from the array lengths (dictionaries estimated, see
 * {@link io.swarmrec.core.IdDictionary#estimatedBytes()}): the user-major matrix part by part, the
 * item-major one when held, the dictionaries and the model's own index, in MB, with bytes per
 * interaction and per agent for the whole.
 */
final class MemoryReport {
  private MemoryReport() {}

  static Map<String, Object> of(Interactions data, Recommender rec) {
    Map<String, Object> m = new LinkedHashMap<>();
    CsrMatrix u = data.byUser();
    long indptr = 4L * u.indptr().length;
    long indices = 4L * u.indices().length;
    long values = u.hasValues() ? 4L * u.values().length : 0;
    long times = u.hasTimes() ? 4L * u.times().length : 0;
    long itemMajor = data.holdsItemMajor() ? data.byItem().sizeInBytes() : 0;
    long users = data.users().estimatedBytes();
    long items = data.items().estimatedBytes();
    long index = rec.name().equals("itemknn") ? ItemKnn.indexBytes(rec) : 0;
    m.put("user_rows_pointers_mb", mb(indptr));
    m.put("user_rows_item_ids_mb", mb(indices));
    m.put("user_rows_weights_mb", mb(values));
    m.put("user_rows_times_mb", mb(times));
    m.put("item_major_mb", mb(itemMajor));
    m.put("user_dictionary_mb", mb(users));
    m.put("item_dictionary_mb", mb(items));
    m.put("model_index_mb", mb(index));
    long total = indptr + indices + values + times + itemMajor + users + items + index;
    m.put("total_mb", mb(total));
    m.put("bytes_per_interaction", round((double) total / Math.max(1, data.numInteractions())));
    m.put("bytes_per_agent", round((double) total / Math.max(1, data.numUsers())));
    return m;
  }

  private static double mb(long bytes) {
    return round(bytes / 1048576.0);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
