package io.roomcast.core.vertx;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.ShutdownEvent;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.transport.Transport;

/** Vert.x internals behind small static methods (each a cast and a call: free on hot paths). */
public final class VertxInternals {
  private VertxInternals() {}

  /** The Netty buffer under a Vert.x buffer, shared, not copied. */
  public static ByteBuf byteBuf(Buffer buffer) {
    return ((BufferInternal) buffer).getByteBuf();
  }

  /** A Vert.x buffer over a Netty buffer, shared, not copied. */
  public static Buffer buffer(ByteBuf byteBuf) {
    return BufferInternal.buffer(byteBuf);
  }

  /** A promise whose callbacks run on {@code context}. */
  public static <T> Promise<T> promise(Context context) {
    return ((ContextInternal) context).promise();
  }

  /** The context a duplicate was made from ({@code context} itself when it is no duplicate). */
  public static Context root(Context context) {
    return ((ContextInternal) context).unwrap();
  }

  /** The root of the calling thread's current context, or null off any context. */
  public static Context currentRoot() {
    ContextInternal current = ContextInternal.current();
    return current == null ? null : current.unwrap();
  }

  /** Runs {@code handler} on the calling thread as {@code context}'s code (failures reported). */
  public static <E> void dispatch(Context context, E event, Handler<E> handler) {
    ((ContextInternal) context).dispatch(event, handler);
  }

  /** The Netty channel of a TCP-based connection, or null for another kind. */
  public static Channel channel(HttpConnection connection) {
    return connection instanceof ConnectionBase base ? base.channel() : null;
  }

  /**
   * What tells Vert.x's metrics that {@code connection} closed, for a connection taken away from
   * Vert.x (which then never hears it close).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Runnable closedInMetrics(HttpConnection connection, SocketAddress remote) {
    if (!(connection instanceof ConnectionBase base)
        || !(base.metrics() instanceof TCPMetrics metrics)) {
      return () -> {};
    }
    Object metric = base.metric();
    return () -> ((TCPMetrics<Object>) metrics).disconnected(metric, remote);
  }

  /** Whether a pipeline user event is Vert.x's graceful-shutdown notice ({@code shutdown()}). */
  public static boolean isShutdown(Object userEvent) {
    return userEvent instanceof ShutdownEvent;
  }

  public static ClusterManager clusterManager(Vertx vertx) {
    return ((VertxInternal) vertx).clusterManager();
  }

  /** The Netty transport {@code vertx} runs on. */
  public static Transport transport(Vertx vertx) {
    return ((VertxInternal) vertx).transport();
  }
}
