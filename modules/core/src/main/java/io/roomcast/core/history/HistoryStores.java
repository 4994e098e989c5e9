package io.roomcast.core.history;

import io.roomcast.core.config.HistoryConfig;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

/**
 * Wiring only: the history store the node's wiring built, kept on its Vert.x instance for the
 * edge's own wiring until the edge receives the store through its constructor. Nothing else looks
 * the store up; there is no default store, so a node that forgot to build one fails loudly.
 */
public final class HistoryStores {
  private static final String MAP = "roomcast.history";

  private record Installed(HistoryStore store, HistoryConfig config) implements Shareable {}

  private HistoryStores() {}

  /** Called once by the node's wiring, before any verticle publishes. */
  public static void install(Vertx vertx, HistoryStore store, HistoryConfig config) {
    vertx.sharedData().<String, Installed>getLocalMap(MAP).put(MAP, new Installed(store, config));
  }

  public static HistoryStore of(Vertx vertx) {
    return installed(vertx).store();
  }

  public static HistoryConfig config(Vertx vertx) {
    return installed(vertx).config();
  }

  private static Installed installed(Vertx vertx) {
    Installed installed = vertx.sharedData().<String, Installed>getLocalMap(MAP).get(MAP);
    if (installed == null) {
      throw new IllegalStateException(
          "no history store on this Vert.x instance: the node's wiring builds and installs one");
    }
    return installed;
  }
}
