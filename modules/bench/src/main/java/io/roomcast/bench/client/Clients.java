package io.roomcast.bench.client;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

/** The generator's shared clients, sized for tens of thousands of loopback connections. */
public final class Clients implements AutoCloseable {
  public static final String HOST = "127.0.0.1";

  private final Vertx vertx;
  private final WebSocketClient ws;
  private final HttpClientAgent streams;

  public Clients(Vertx vertx, int maxConnections) {
    this.vertx = vertx;
    this.ws =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setDefaultHost(HOST)
                .setMaxConnections(maxConnections)
                .setConnectTimeout(30_000)
                .setTcpNoDelay(true)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20));
    this.streams =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(HOST)
                .setConnectTimeout(30_000)
                .setTcpNoDelay(true)
                .setKeepAlive(false),
            new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
  }

  public Vertx vertx() {
    return vertx;
  }

  public WebSocketClient ws() {
    return ws;
  }

  /** For SSE: one pooled connection per stream. */
  public HttpClientAgent streams() {
    return streams;
  }

  @Override
  public void close() {
    ws.close();
    streams.close();
  }
}
