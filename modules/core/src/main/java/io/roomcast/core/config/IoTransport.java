package io.roomcast.core.config;

import java.util.Locale;

/**
 * The Netty I/O transport under Vert.x. {@code auto}: epoll where it loads, else NIO. {@code
 * io_uring} falls back to epoll, then NIO, and {@code epoll} to NIO, where the asked one cannot run
 * (not Linux, a kernel that refuses it, no native library); the node starts either way.
 */
public enum IoTransport {
  AUTO,
  IO_URING,
  EPOLL,
  NIO;

  public static final IoTransport DEFAULT = AUTO;

  /** The name in config and in logs: {@code auto}, {@code io_uring}, {@code epoll}, {@code nio}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static IoTransport from(ConfigReader node) {
    String value = node.string("transport", DEFAULT.configName()).trim();
    for (IoTransport t : values()) {
      if (t.configName().equalsIgnoreCase(value)) {
        return t;
      }
    }
    throw new ConfigException(
        "node.transport", "must be auto, io_uring, epoll or nio (got '" + value + "')");
  }
}
