package io.swarmrec.eval.synthetic;

import io.swarmrec.core.matrix.EventWeights;
import io.swarmrec.core.matrix.InteractionsBuilder;
import java.util.Arrays;

/**
 * Feeds generated events into an {@link InteractionsBuilder} by dense id, as a file loader would but
 * without the file: each external id string is made once, on its first appearance (so dictionary order
 * matches loading the TSV), and every later event is an array lookup. Weights are the builder's
 * {@link EventWeights} per kind, a rating scaled by its value.
 */
final class BuilderSink implements EventSink {
  private final InteractionsBuilder builder;
  private final float[] unitWeight;
  private final int[] userIds;
  private final int[] itemIds;

  BuilderSink(InteractionsBuilder builder, EventWeights weights, int agents, int items) {
    this.builder = builder;
    EventKind[] kinds = EventKind.values();
    unitWeight = new float[kinds.length];
    for (EventKind k : kinds) {
      unitWeight[k.ordinal()] = weights.weight(k.label(), 1f);
    }
    userIds = new int[agents];
    itemIds = new int[items];
    Arrays.fill(userIds, -1);
    Arrays.fill(itemIds, -1);
  }

  @Override
  public void accept(int agent, int item, EventKind kind, float value, long epochSecond) {
    int u = userIds[agent];
    if (u < 0) {
      u = userIds[agent] = builder.users().getOrAdd(SyntheticScenario.agentId(agent));
    }
    int i = itemIds[item];
    if (i < 0) {
      i = itemIds[item] = builder.items().getOrAdd(SyntheticScenario.itemId(item));
    }
    float w = unitWeight[kind.ordinal()];
    builder.add(u, i, kind == EventKind.RATING ? w * value : w, epochSecond);
  }
}
