package io.roomcast.core.config;

import io.roomcast.core.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * @param queueFrames frames a slow connection may have waiting before it is disconnected
 * @param maxSubscriptions rooms and wildcard patterns one connection may follow at once, on every
 *     door ({@code /ws}, the event-bus bridge on each transport)
 * @param allowedOrigins browser origins allowed on WebSocket/SockJS; empty allows any
 * @param idleTimeoutSeconds a WebSocket or bridge socket silent this long is closed, and so is an
 *     HTTP connection idle this long between requests
 * @param headerTimeoutSeconds a connection whose request headers are not complete this long after
 *     it opened (or after the first byte of a later request) gets 408 and is closed
 */
public record EdgeConfig(
    String host,
    int port,
    int keepaliveSeconds,
    int queueFrames,
    int maxFrameBytes,
    int pingSeconds,
    int idleTimeoutSeconds,
    int reconnectDelayMs,
    int maxSubscriptions,
    List<String> allowedOrigins,
    int maxControlFramesPerSecond,
    int headerTimeoutSeconds) {
  public static final int DEFAULT_PORT = 8081;
  public static final int DEFAULT_KEEPALIVE_SECONDS = 15;
  public static final int DEFAULT_QUEUE_FRAMES = 1024;
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
  public static final int DEFAULT_PING_SECONDS = 20;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_RECONNECT_DELAY_MS = 1000;
  public static final int DEFAULT_MAX_SUBSCRIPTIONS = 100;
  public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 20;

  /**
   * WebSocket pings and pongs a client may send per second (a burst of five seconds' worth); more
   * is a flood, closed with 1008.
   */
  public static final int DEFAULT_MAX_CONTROL_FRAMES_PER_SECOND = 10;

  static EdgeConfig from(JsonObject root) {
    ConfigReader r = new ConfigReader(root, "edge");
    return new EdgeConfig(
        r.string("host", "0.0.0.0"),
        r.intValue("port", DEFAULT_PORT, 0, 65535),
        r.intValue("keepaliveSeconds", DEFAULT_KEEPALIVE_SECONDS, 1, 3600),
        r.intValue("queueFrames", DEFAULT_QUEUE_FRAMES, 1, 1_000_000),
        r.intValue("maxFrameBytes", DEFAULT_MAX_FRAME_BYTES, 256, 16 * 1024 * 1024),
        r.intValue("pingSeconds", DEFAULT_PING_SECONDS, 1, 3600),
        r.intValue("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS, 2, 86400),
        r.intValue("reconnectDelayMs", DEFAULT_RECONNECT_DELAY_MS, 0, 600_000),
        r.intValue("maxSubscriptions", DEFAULT_MAX_SUBSCRIPTIONS, 1, 100_000),
        r.list("allowedOrigins", List.of()),
        r.intValue("maxControlFramesPerSecond", DEFAULT_MAX_CONTROL_FRAMES_PER_SECOND, 1, 100_000),
        r.intValue("headerTimeoutSeconds", DEFAULT_HEADER_TIMEOUT_SECONDS, 1, 3600));
  }

  /** The subscription cap, on every door: refuses a connection that would follow {@code n}. */
  public void requireSubscriptions(int n) {
    if (n > maxSubscriptions) {
      throw ErrorCode.TOO_MANY_SUBSCRIPTIONS.exception(
          "at most " + maxSubscriptions + " subscriptions per connection");
    }
  }
}
