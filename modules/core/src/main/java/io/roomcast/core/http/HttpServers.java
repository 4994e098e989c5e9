package io.roomcast.core.http;

import io.netty.channel.ChannelPipeline;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.vertx.HttpPipelines;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * The HTTP servers of both ports, set up alike against hostile clients: HTTP/1.x only (no h2c: an
 * HTTP/2 preface gets a coded 400 and a close), ambiguous body framings refused, request heads
 * bounded in time and idle connections closed ({@link ConnectionGuard}), undecodable requests
 * answered in the JSON error shape.
 */
public final class HttpServers {
  private HttpServers() {}

  /**
   * @param headerTimeoutSeconds time for a request's complete headers, from the connection's start
   *     or the first byte of a later request
   * @param idleTimeoutSeconds time a connection may sit idle between requests
   */
  public static HttpServer create(
      Vertx vertx,
      int headerTimeoutSeconds,
      int idleTimeoutSeconds,
      Handler<HttpServerRequest> requests) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setTcpNoDelay(true)
            // long-lived streams and sockets keep their own time; ConnectionGuard the rest
            .setIdleTimeout(0)
            .setHttp2ClearTextEnabled(false);
    return vertx
        .createHttpServer(options)
        .connectionHandler(
            c -> guard(c, options, headerTimeoutSeconds * 1000L, idleTimeoutSeconds * 1000L))
        .invalidRequestHandler(HttpErrors::invalidRequest)
        .requestHandler(checked(requests));
  }

  private static Handler<HttpServerRequest> checked(Handler<HttpServerRequest> next) {
    return request -> {
      RoomcastException refusal = RequestChecks.refusal(request);
      if (refusal == null) {
        next.handle(request);
        return;
      }
      if (RequestChecks.closes(request)) {
        request.response().putHeader("Connection", "close");
        request.response().endHandler(v -> request.connection().close());
      }
      HttpErrors.send(request.response(), refusal);
    };
  }

  /** Runs on the connection's event loop before it has read anything. */
  private static void guard(
      HttpConnection connection, HttpServerOptions options, long headerMs, long idleMs) {
    ChannelPipeline pipeline = HttpPipelines.http1(connection);
    if (pipeline == null) {
      return;
    }
    HttpPipelines.decodeStrictly(pipeline, options);
    ConnectionGuard.install(pipeline, headerMs, idleMs);
  }
}
