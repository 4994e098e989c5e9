package io.roomcast.core.history;

import io.roomcast.core.config.HistoryConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The node's history store, shared by every verticle of a Vert.x instance: the node installs the
 * configured one at start-up; until then (or in tests) the embedded default serves.
 */
public final class HistoryStores {
  private static final String MAP = "roomcast.history";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private record Installed(HistoryStore store, HistoryConfig config) implements Shareable {}

  private HistoryStores() {}

  /** Makes {@code store} the node's history (call before verticles publish). */
  public static void install(Vertx vertx, HistoryStore store, HistoryConfig config) {
    map(vertx).put(MAP, new Installed(store, config));
  }

  /** The node's store; the embedded default with default limits when none was installed. */
  public static HistoryStore of(Vertx vertx) {
    return installed(vertx).store();
  }

  public static HistoryConfig config(Vertx vertx) {
    return installed(vertx).config();
  }

  /** Hazelcast on a clustered instance, this JVM's memory otherwise. */
  public static HistoryStore embedded(Vertx vertx, HistoryConfig config) {
    return vertx.isClustered()
        ? new HazelcastHistoryStore(vertx, config)
        : new LocalHistoryStore(config);
  }

  /** A fresh epoch: 16 random hex digits, so a restarted store never reuses one. */
  public static String newEpoch() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether a client-supplied epoch is well-formed (any store's epochs are). */
  public static boolean isEpoch(String value) {
    return value != null && EPOCH.matcher(value).matches();
  }

  private static Installed installed(Vertx vertx) {
    LocalMap<String, Installed> map = map(vertx);
    Installed current = map.get(MAP);
    if (current == null) {
      HistoryConfig defaults = HistoryConfig.defaults();
      Installed created = new Installed(embedded(vertx, defaults), defaults);
      current = map.putIfAbsent(MAP, created);
      if (current == null) {
        current = created;
      }
    }
    return current;
  }

  private static LocalMap<String, Installed> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
