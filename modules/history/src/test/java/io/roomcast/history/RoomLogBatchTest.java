package io.roomcast.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomLogBatchTest {
  private static List<RoomLog.Item> items(String prefix, int n) {
    List<RoomLog.Item> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      items.add(new RoomLog.Item(prefix + i, "{\"id\":\"" + prefix + i + "\"}"));
    }
    return items;
  }

  private static long[] seqs(List<RoomLog.Stored> stored) {
    return stored.stream().mapToLong(RoomLog.Stored::seq).toArray();
  }

  @Test
  void a_batch_gets_contiguous_seqs_after_what_the_room_holds() {
    RoomLog log = new RoomLog("e1");
    log.append("first", "{}", 0, 1000, Long.MAX_VALUE / 2);
    long[] seqs = seqs(log.placeAll(items("a", 5), 0, 1000, Long.MAX_VALUE / 2));
    assertArrayEquals(new long[] {2, 3, 4, 5, 6}, seqs);
  }

  @Test
  void a_retried_batch_longer_than_the_retry_window_keeps_its_first_seqs() {
    RoomLog log = new RoomLog("e1");
    List<RoomLog.Item> batch = items("b", 50);
    long[] first = seqs(log.placeAll(batch, 0, 1000, Long.MAX_VALUE / 2));
    long[] again = seqs(log.placeAll(batch, 0, 1000, Long.MAX_VALUE / 2));
    assertArrayEquals(first, again);
    assertEquals(50, log.read(0, 1000, 0, Long.MAX_VALUE / 2).events().size());
  }
}
