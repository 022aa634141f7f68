package io.swarmrec.eval.synthetic;

/**
 * Receives generated events, in file order: agent by agent (ascending), and for each agent in time order.
 * Ids are the numbers of the external ids {@code a<agent>} and {@code i<item>}. Called from one thread.
 */
@FunctionalInterface
public interface EventSink {
  void accept(int agent, int item, EventKind kind, float value, long epochSecond);
}
