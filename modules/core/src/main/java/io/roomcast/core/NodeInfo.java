package io.roomcast.core;

import io.vertx.core.Vertx;

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

  /** The value, or -1 when not (yet) known. */
  public static int get(Vertx vertx, String key) {
    Integer v = vertx.sharedData().<String, Integer>getLocalMap(MAP).get(key);
    return v == null ? -1 : v;
  }
}
