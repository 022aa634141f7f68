package io.swarmrec.eval.io;

import java.util.ArrayList;
import java.util.List;

/** A sink that records events as "user item value time" strings, and item-less users as "user". */
final class Recorded implements EventSink {
  final List<String> events = new ArrayList<>();
  final List<String> users = new ArrayList<>();

  @Override
  public void accept(String user, String item, float value, long epochSecond) {
    events.add(user + " " + item + " " + (Float.isNaN(value) ? "-" : String.valueOf(value)) + " "
        + (epochSecond == NO_TIME ? "-" : String.valueOf(epochSecond)));
  }

  @Override
  public void user(String user) {
    users.add(user);
  }
}
