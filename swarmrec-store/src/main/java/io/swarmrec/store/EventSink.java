package io.swarmrec.store;

/**
 * Receives events streamed by {@link InteractionStore#scan}, one call per event, in sequence order. The
 * arguments are those of {@link Event} plus the sequence id, so that a model builder can feed them
 * straight into its own structures without an {@code Event} object per row.
 */
@FunctionalInterface
public interface EventSink {
  void accept(long sequence, String user, String item, String type, float value, long epochSecond);
}
