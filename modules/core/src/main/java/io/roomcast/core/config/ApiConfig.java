package io.roomcast.core.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * @param headerTimeoutSeconds a connection whose request headers are not complete this long after
 *     it opened (or after the first byte of a later request) gets 408 and is closed
 * @param idleTimeoutSeconds a connection idle this long between requests is closed
 * @param maxBatchBytes largest body of a batch publish ({@code POST /api/publish}), which carries
 *     up to 1000 events and so may exceed {@code maxBodyBytes}
 */
public record ApiConfig(
    String host,
    int port,
    int maxBodyBytes,
    List<String> corsOrigins,
    int headerTimeoutSeconds,
    int idleTimeoutSeconds,
    int maxBatchBytes) {
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
  public static final int DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;
  public static final int DEFAULT_HEADER_TIMEOUT_SECONDS = 20;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;

  static ApiConfig from(JsonObject root) {
    ConfigReader r = new ConfigReader(root, "api");
    return new ApiConfig(
        r.string("host", "0.0.0.0"),
        r.intValue("port", DEFAULT_PORT, 0, 65535),
        r.intValue("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 256, 16 * 1024 * 1024),
        r.list("corsOrigins", List.of()),
        r.intValue("headerTimeoutSeconds", DEFAULT_HEADER_TIMEOUT_SECONDS, 1, 3600),
        r.intValue("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 86400),
        r.intValue("maxBatchBytes", DEFAULT_MAX_BATCH_BYTES, 256, 64 * 1024 * 1024));
  }
}
