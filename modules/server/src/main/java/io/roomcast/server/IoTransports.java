package io.roomcast.server;

import io.roomcast.core.config.IoTransport;
import io.roomcast.core.vertx.VertxInternals;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the Netty transport a node runs on: the one {@code node.transport} asks for when it can run
 * here, else the next of io_uring → epoll → NIO. A transport that cannot run never stops a node.
 */
final class IoTransports {
  private IoTransports() {}

  /**
   * @param transport what the node runs on; always available
   * @param refusals why each transport tried before it cannot run here, in the order tried
   */
  record Choice(IoTransport asked, Transport transport, List<String> refusals) {
    boolean fellBack() {
      return !refusals.isEmpty();
    }

    /** The one line a node logs when it does not run on what it was asked for. */
    String fallbackLine() {
      return "transport "
          + String.join(", ", refusals)
          + "; running on "
          + transport.name()
          + " instead (node.transport="
          + asked.configName()
          + ")";
    }
  }

  static Choice choose(IoTransport asked) {
    List<String> refusals = new ArrayList<>();
    for (String name : candidates(asked)) {
      Transport t = byName(name);
      if (t != null && t.available()) {
        return new Choice(asked, t, List.copyOf(refusals));
      }
      refusals.add(name + " unavailable (" + cause(name, t) + ")");
    }
    return new Choice(asked, Transport.NIO, List.copyOf(refusals));
  }

  /** What {@code vertx} really runs on: {@code io_uring}, {@code epoll}, {@code nio}, or other. */
  static String running(Vertx vertx) {
    var running = VertxInternals.transport(vertx);
    for (String name : List.of("io_uring", "epoll", "kqueue", "nio")) {
      Transport t = byName(name);
      if (t != null && t.implementation() == running) {
        return name;
      }
    }
    return running.getClass().getSimpleName();
  }

  /** Auto is what Vert.x prefers on Linux today: epoll, and NIO where epoll cannot load. */
  private static List<String> candidates(IoTransport asked) {
    return switch (asked) {
      case AUTO, EPOLL -> List.of("epoll", "nio");
      case IO_URING -> List.of("io_uring", "epoll", "nio");
      case NIO -> List.of("nio");
    };
  }

  /** Null when Vert.x could not even load the transport's Netty classes. */
  private static Transport byName(String name) {
    return switch (name) {
      case "io_uring" -> Transport.IO_URING;
      case "epoll" -> Transport.EPOLL;
      case "kqueue" -> Transport.KQUEUE;
      default -> Transport.NIO;
    };
  }

  private static String cause(String name, Transport t) {
    if (t == null) {
      return "netty-transport-native-" + name + " is not on the classpath";
    }
    Throwable e = t.unavailabilityCause();
    if (e == null) {
      return "no cause given";
    }
    StringBuilder b = new StringBuilder();
    for (Throwable c = e; c != null && b.length() < 300; c = c.getCause()) {
      if (b.length() > 0) {
        b.append(" <- ");
      }
      b.append(c.getClass().getSimpleName());
      if (c.getMessage() != null) {
        b.append(": ").append(c.getMessage());
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return b.toString().replaceAll("\\s+", " ").trim();
  }
}
