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
    int durationSeconds,
    int holdSeconds) {

  public List<String> roomIds() {
    List<String> ids = new ArrayList<>(rooms);
    for (int i = 0; i < rooms; i++) {
      ids.add("bench-" + i);
    }
    return ids;
  }

  /** Subscriber {@code i} follows room {@code i mod rooms}. */
  public int roomOf(int subscriber) {
    return subscriber % rooms;
  }
}
