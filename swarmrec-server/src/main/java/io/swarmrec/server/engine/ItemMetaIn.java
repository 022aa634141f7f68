package io.swarmrec.server.engine;

import java.util.List;

/**
 * Validated item metadata.
 *
 * @param createdEpochSecond {@link Long#MIN_VALUE} when not given
 * @param vector an optional content vector (null when none)
 */
public record ItemMetaIn(String item, List<String> categories, List<String> tags, long createdEpochSecond,
    float[] vector) {}
