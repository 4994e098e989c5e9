package io.roomcast.core;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.function.Supplier;

/**
 * Facts a node learns at start-up (bound ports), kept in a node-local map so the start-up log,
 * health checks and tests can read them without reaching into verticles.
 */
public final class NodeInfo {
  public static final String API_PORT = "api.port";
  public static final String EDGE_PORT = "edge.port";
  private static final String MAP = "roomcast.node";

  private NodeInfo() {}

  public static void put(Vertx vertx, String key, int value) {
    vertx.sharedData().<String, Integer>getLocalMap(MAP).put(key, value);
  }

  /**
   * The node's one {@code name} object (a hub, a directory...), created by the first caller on any
   * thread; a copy that loses a creation race is dropped unused.
   */
  public static <T extends Shareable> T single(Vertx vertx, String name, Supplier<T> create) {
    LocalMap<String, T> map = vertx.sharedData().getLocalMap(name);
    T existing = map.get(name);
    if (existing != null) {
      return existing;
    }
    T created = create.get();
    existing = map.putIfAbsent(name, created);
    return existing == null ? created : existing;
  }

  /** The value, or -1 when not (yet) known. */
  public static int get(Vertx vertx, String key) {
    Integer v = vertx.sharedData().<String, Integer>getLocalMap(MAP).get(key);
    return v == null ? -1 : v;
  }
}
