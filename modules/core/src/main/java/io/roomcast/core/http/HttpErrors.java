package io.roomcast.core.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one HTTP error shape: {@code {"error":{"code":"…","message":"…"}}} with a 4xx/5xx status. */
public final class HttpErrors {
  private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());
  private static final AtomicBoolean BUG_LOGGED = new AtomicBoolean();

  private HttpErrors() {}

  /** The JSON body of a refusal. */
  public static byte[] body(RoomcastException e) {
    return new JsonObject().put("error", e.toJson()).toBuffer().getBytes();
  }

  public static void send(HttpServerResponse response, RoomcastException e) {
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response
        .setStatusCode(e.code().httpStatus())
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", e.toJson()).toBuffer());
  }

  public static void send(RoutingContext ctx, Throwable failure) {
    send(ctx.response(), RoomcastException.of(failure));
  }

  /**
   * A request the HTTP decoder could not read (bad request line or headers, lines or headers too
   * long, ambiguous body framing): the coded refusal, then the connection closes, since the rest of
   * its bytes cannot be trusted to start a request.
   */
  public static void invalidRequest(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    RoomcastException e =
        cause instanceof TooLongHttpLineException
            ? ErrorCode.URI_TOO_LONG.exception("request line too long")
            : cause instanceof TooLongHttpHeaderException
                ? ErrorCode.HEADERS_TOO_LARGE.exception("request headers too large")
                : ErrorCode.INVALID_REQUEST.exception("malformed HTTP request");
    HttpServerResponse response = request.response().putHeader("Connection", "close");
    send(response, e);
    request.connection().close();
  }

  /**
   * Router failure handler: coded failures as-is, vertx-web's status failures mapped to a 4xx code
   * (what a client can send that a router would fail on is refused before routing, see {@code
   * RequestChecks}); only a real bug is a 500, its first occurrence logged with its stack.
   */
  public static Handler<RoutingContext> failureHandler() {
    return ctx -> {
      Throwable failure = ctx.failure();
      if (failure instanceof RoomcastException re) {
        send(ctx.response(), re);
        return;
      }
      RoomcastException mapped = clientError(ctx.statusCode());
      if (mapped == null) {
        if (BUG_LOGGED.compareAndSet(false, true)) {
          LOG.log(Level.SEVERE, "unhandled failure on " + ctx.request().path(), failure);
        } else {
          LOG.warning("unhandled failure on " + ctx.request().path() + ": " + failure);
        }
        mapped = RoomcastException.of(failure);
      }
      send(ctx.response(), mapped);
    };
  }

  private static RoomcastException clientError(int status) {
    RoomcastException byStatus =
        switch (status) {
          case 400 -> ErrorCode.INVALID_REQUEST.exception("bad request");
          case 401 -> ErrorCode.UNAUTHORIZED.exception("authentication required");
          case 403 -> ErrorCode.FORBIDDEN.exception("forbidden");
          case 404 -> ErrorCode.NOT_FOUND.exception("no such resource");
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED.exception("method not allowed");
          case 408 -> ErrorCode.REQUEST_TIMEOUT.exception("request timed out");
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.exception("request body too large");
          case 414 -> ErrorCode.URI_TOO_LONG.exception("request target too long");
          case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.exception("send application/json");
          case 417 -> ErrorCode.EXPECTATION_FAILED.exception("only Expect: 100-continue is known");
          case 431 -> ErrorCode.HEADERS_TOO_LARGE.exception("request headers too large");
          default -> null;
        };
    if (byStatus != null) {
      return byStatus;
    }
    return status >= 400 && status < 500
        ? ErrorCode.INVALID_REQUEST.exception("bad request")
        : null;
  }
}
