package io.swarmrec.eval.synthetic;

/**
 * The events of one block of consecutive agents, as parallel primitive columns (13 bytes an event):
 * what a worker hands to the in-order consumer. Times are seconds after the scenario's window start.
 */
final class EventBlock {
  final int[] agent;
  final int[] item;
  final byte[] kind;  // EventKind ordinal
  final byte[] value; // 1..5 for ratings, 1 otherwise
  final int[] time;
  private int size;

  EventBlock(int capacity) {
    agent = new int[capacity];
    item = new int[capacity];
    kind = new byte[capacity];
    value = new byte[capacity];
    time = new int[capacity];
  }

  void add(int agentId, int itemId, EventKind k, int v, int t) {
    int p = size++;
    agent[p] = agentId;
    item[p] = itemId;
    kind[p] = (byte) k.ordinal();
    value[p] = (byte) v;
    time[p] = t;
  }

  int size() {
    return size;
  }

  /** Replays the block into {@code sink}, times made absolute from {@code windowStart}. */
  void replay(EventSink sink, long windowStart) {
    for (int p = 0; p < size; p++) {
      sink.accept(agent[p], item[p], EventKind.ofOrdinal(kind[p]), value[p], windowStart + time[p]);
    }
  }
}
