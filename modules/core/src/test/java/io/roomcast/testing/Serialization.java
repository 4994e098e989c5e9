package io.roomcast.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.roomcast.core.cluster.Clusters;
import io.vertx.core.Vertx;
import java.util.List;

/** Checks against a real member's Hazelcast serialization. */
public final class Serialization {
  private Serialization() {}

  /**
   * Each value goes through a serializer registered above {@code idsAbove} (not Java serialization)
   * and comes back equal.
   */
  public static void assertFieldByField(Vertx member, int idsAbove, List<?> values) {
    SerializationService serialization = service(member);
    for (Object value : values) {
      Data data = serialization.toData(value);
      assertTrue(data.getType() > idsAbove, value + " went through Java serialization");
      assertEquals(value, serialization.toObject(data));
    }
  }

  /** Serializes and reads back, whatever the serializer. */
  public static Object roundTrip(Vertx member, Object value) {
    SerializationService serialization = service(member);
    return serialization.toObject(serialization.toData(value));
  }

  private static SerializationService service(Vertx member) {
    return ((SerializationServiceSupport) Clusters.manager(member).getHazelcastInstance())
        .getSerializationService();
  }
}
