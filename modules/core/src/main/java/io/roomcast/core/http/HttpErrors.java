package io.roomcast.core.http;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The one HTTP error shape: {@code {"error":{"code":"…","message":"…"}}} with a 4xx/5xx status. */
public final class HttpErrors {
  private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());

  private HttpErrors() {}

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

  /** Router failure handler: coded failures as-is, vertx-web status failures mapped to codes. */
  public static Handler<RoutingContext> failureHandler() {
    return ctx -> {
      Throwable failure = ctx.failure();
      if (failure instanceof RoomcastException re) {
        send(ctx.response(), re);
        return;
      }
      RoomcastException mapped =
          switch (ctx.statusCode()) {
            case 400 -> ErrorCode.INVALID_REQUEST.exception("bad request");
            case 401 -> ErrorCode.UNAUTHORIZED.exception("authentication required");
            case 403 -> ErrorCode.FORBIDDEN.exception("forbidden");
            case 404 -> ErrorCode.NOT_FOUND.exception("no such resource");
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED.exception("method not allowed");
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE.exception("request body too large");
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE.exception("send application/json");
            default -> null;
          };
      if (mapped == null) {
        LOG.log(Level.WARNING, "unhandled failure on " + ctx.request().path(), failure);
        mapped = RoomcastException.of(failure);
      }
      send(ctx.response(), mapped);
    };
  }
}
