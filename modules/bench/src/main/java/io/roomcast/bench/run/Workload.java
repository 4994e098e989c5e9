package io.roomcast.bench.run;

import java.util.ArrayList;
import java.util.List;

/** What one row puts on a target: who subscribes where, and how fast events come. */
public record Workload(
    int subscribers,
    int rooms,
    double ratePerSecond,
    int payloadBytes,
    int warmupSeconds,
    int settleRounds,
    int durationSeconds,
    int holdSeconds,
    String tag) {

  /**
   * Room ids of this row. Each row has its own ({@link #forRow}), so a straggling connection of an
   * earlier row never receives, and is never charged for, a later row's events.
   */
  public List<String> roomIds() {
    List<String> ids = new ArrayList<>(rooms);
    for (int i = 0; i < rooms; i++) {
      ids.add("bench-" + tag + "-" + i);
    }
    return ids;
  }

  public Workload forRow(int row) {
    return new Workload(
        subscribers,
        rooms,
        ratePerSecond,
        payloadBytes,
        warmupSeconds,
        settleRounds,
        durationSeconds,
        holdSeconds,
        "r" + row);
  }

  /** Subscriber {@code i} follows room {@code i mod rooms}. */
  public int roomOf(int subscriber) {
    return subscriber % rooms;
  }
}
