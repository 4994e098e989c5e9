package io.roomcast.core.http;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.vertx.WebInternals;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads a request body of at most {@code limit} bytes for {@code ctx.body()}, whatever its {@code
 * Content-Type}: every body of the api is JSON, and the same bytes get the same answer sent as
 * {@code application/json}, as curl's default form type or as anything else. Form and multipart
 * decoding is never engaged. A larger body is refused with 413, from its {@code Content-Length}
 * before it is read, or as soon as it grows past the limit.
 */
public final class JsonBody implements Handler<RoutingContext> {
  private final long limit;

  public JsonBody(long limit) {
    this.limit = limit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!WebInternals.claimBody(ctx)) {
      ctx.next();
      return;
    }
    HttpServerRequest request = ctx.request();
    String declared = request.getHeader("Content-Length");
    if (declared != null && declared.length() > 18 || parse(declared) > limit) {
      tooLarge(ctx);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            refused[0] = true;
            tooLarge(ctx);
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (!refused[0]) {
            WebInternals.setBody(ctx, body);
            ctx.next();
          }
        });
    request.exceptionHandler(err -> refused[0] = true);
    request.resume();
  }

  private static long parse(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The rest of the body is not read: the connection closes after the answer. */
  private void tooLarge(RoutingContext ctx) {
    ctx.response().putHeader("Connection", "close");
    HttpErrors.send(
        ctx, ErrorCode.PAYLOAD_TOO_LARGE.exception("request body over " + limit + " bytes"));
  }
}
