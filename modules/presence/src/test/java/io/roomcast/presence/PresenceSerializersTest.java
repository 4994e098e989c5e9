package io.roomcast.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.roomcast.presence.ConnectionProcessors.Connection;
import io.roomcast.presence.RoomProcessors.Kind;
import io.roomcast.presence.RoomProcessors.Update;
import io.roomcast.testing.Serialization;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What presence sends through Hazelcast goes field by field on a real member, and comes back. */
class PresenceSerializersTest {
  @Test
  void presence_operations_and_results_use_their_own_serializers() {
    try (TestCluster cluster = new TestCluster()) {
      Vertx member = cluster.member();
      List<Object> values =
          List.of(
              new Update(Kind.JOIN, "ann", "c1", "node-1", 3, 1_000L, new Timing(5_000, 6_000)),
              new Update(Kind.EXPIRE, null, null, null, 0, 2_000L, new Timing(0, 6_000)),
              new Change("r", "presence.online", "ann", "c1", "online"),
              new Change("r", "typing.stop", "ann", null, null),
              new RoomProcessors.Read(),
              new RoomSnapshot(
                  "r",
                  List.of(new RoomSnapshot.Member("ann", "online", 2)),
                  List.of("bob"),
                  List.of(new RoomSnapshot.Receipt("ann", "e1"))),
              new RoomProcessors.DueBy(9L),
              new RoomProcessors.HoldsNode("node-1"),
              new Connection("ann", null, Set.of("r", "s"), 7L),
              new ConnectionProcessors.Track("ann", "node-1", "r", 8L),
              new ConnectionProcessors.RemoveIfStale(10L),
              new ConnectionProcessors.StandIn(),
              new RoomProcessors.NextDue(),
              new ConnectionProcessors.OnNode("node-2"),
              new ConnectionProcessors.Untrack("r"));
      Serialization.assertFieldByField(member, 7200, values);
      // an update's answer: Hazelcast's list serializer around ours
      List<Change> changes = new ArrayList<>(List.of(new Change("r", "read", "ann", "c1", "e1")));
      assertEquals(changes, Serialization.roundTrip(member, changes));
    }
  }
}
