package io.roomcast.core.vertx;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;

/** vertx-web's internal routing-context calls, for a body handler of roomcast's own. */
public final class WebInternals {
  private WebInternals() {}

  /**
   * Marks {@code ctx}'s body as handled, as vertx-web's {@code BodyHandler} does; false when a body
   * handler ran already.
   */
  public static boolean claimBody(RoutingContext ctx) {
    RoutingContextInternal internal = (RoutingContextInternal) ctx;
    if (internal.seenHandler(RoutingContextInternal.BODY_HANDLER)) {
      return false;
    }
    internal.visitHandler(RoutingContextInternal.BODY_HANDLER);
    return true;
  }

  /** Sets the body {@code ctx.body()} reads. */
  public static void setBody(RoutingContext ctx, Buffer body) {
    ((RoutingContextInternal) ctx).setBody(body);
  }
}
