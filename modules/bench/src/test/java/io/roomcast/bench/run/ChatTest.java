package io.roomcast.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.bench.client.SocketSender;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChatTest {
  private static final Workload CHAT = new Workload(4000, 1000, 1000, 100, 30, 12, 30, 30, "r1");

  @Test
  void senders_take_turns_and_every_room_gets_an_equal_share() {
    int[] perRoom = new int[CHAT.rooms()];
    int[] perSender = new int[CHAT.subscribers()];
    for (long n = 0; n < 8000; n++) {
      int sender = SocketSender.senderOf(n, CHAT.subscribers());
      perSender[sender]++;
      perRoom[CHAT.roomOf(sender)]++;
    }
    for (int count : perSender) {
      assertEquals(2, count);
    }
    for (int count : perRoom) {
      assertEquals(8, count);
    }
    assertEquals(1, SocketSender.senderOf(4001, 4000));
  }

  @Test
  void a_rooms_members_are_spread_over_every_node() {
    Workload cluster = new Workload(3000, 750, 600, 100, 30, 12, 30, 30, "r1");
    for (int room = 0; room < cluster.rooms(); room++) {
      Set<Integer> nodes = new HashSet<>();
      for (int client = room; client < cluster.subscribers(); client += cluster.rooms()) {
        assertEquals(room, cluster.roomOf(client));
        nodes.add(Chat.nodeOf(client, cluster.rooms(), 3));
      }
      assertEquals(Set.of(0, 1, 2), nodes, "room " + room);
    }
  }

  @Test
  void on_one_node_every_client_uses_it() {
    for (int client = 0; client < CHAT.subscribers(); client++) {
      assertEquals(0, Chat.nodeOf(client, CHAT.rooms(), 1));
    }
  }
}
