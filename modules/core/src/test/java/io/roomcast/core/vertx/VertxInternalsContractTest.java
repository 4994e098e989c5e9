package io.roomcast.core.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.ContextInternal;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What roomcast relies on below Vert.x's public API, checked against the Vert.x on the classpath: a
 * Vert.x upgrade that renames a pipeline handler or moves an internal class fails here, with a
 * message naming it, before it breaks the edge in subtler ways.
 */
class VertxInternalsContractTest {
  private static final String WS_UPGRADE =
      "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n";

  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Starts a server as roomcast's are configured, answering nothing; returns its port. */
  private int serve(
      io.vertx.core.Handler<io.vertx.core.http.HttpConnection> connections,
      io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> requests) {
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions().setIdleTimeout(0).setHttp2ClearTextEnabled(false))
            .connectionHandler(connections)
            .requestHandler(requests);
    return server.listen(0, "127.0.0.1").await().actualPort();
  }

  private static Socket send(int port, String request) throws Exception {
    Socket socket = new Socket("127.0.0.1", port);
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  private static void requireHandlers(ChannelPipeline pipeline, List<String> names, String when) {
    for (String name : names) {
      if (pipeline.get(name) == null) {
        fail(
            "Vert.x's HTTP/1.x pipeline "
                + when
                + " has no handler named '"
                + name
                + "' (it has "
                + pipeline.names()
                + "): update HttpPipelines to the new names");
      }
    }
  }

  @Test
  void a_new_http1_connection_has_its_channel_and_the_decoder_encoder_and_handler_by_name()
      throws Exception {
    CompletableFuture<ChannelPipeline> seen = new CompletableFuture<>();
    int port =
        serve(
            c -> {
              if (VertxInternals.channel(c) == null) {
                seen.completeExceptionally(
                    new AssertionError(
                        c.getClass().getName()
                            + " is no io.vertx.core.net.impl.ConnectionBase: VertxInternals.channel"
                            + " finds no Netty channel"));
              } else {
                seen.complete(HttpPipelines.http1(c));
              }
            },
            r -> r.response().end());
    try (Socket s = send(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")) {
      ChannelPipeline pipeline = seen.get(10, TimeUnit.SECONDS);
      assertNotNull(pipeline, "HttpPipelines.http1 sees no '" + HttpPipelines.DECODER + "'");
      requireHandlers(
          pipeline,
          List.of(HttpPipelines.DECODER, HttpPipelines.ENCODER, HttpPipelines.HANDLER),
          "of a new connection");
    }
  }

  @Test
  void the_strict_decoder_takes_the_place_of_vertx_s_request_decoder() throws Exception {
    CompletableFuture<Object> decoder = new CompletableFuture<>();
    int port =
        serve(
            c -> {
              ChannelPipeline pipeline = HttpPipelines.http1(c);
              HttpPipelines.decodeStrictly(pipeline, new HttpServerOptions());
              decoder.complete(pipeline.get(HttpPipelines.DECODER));
            },
            r -> r.response().end());
    try (Socket s = send(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")) {
      assertTrue(decoder.get(10, TimeUnit.SECONDS) instanceof StrictRequestDecoder);
    }
  }

  @Test
  void a_websocket_upgrade_request_meets_the_extension_handler_it_must_decline() throws Exception {
    CompletableFuture<List<String>> names = new CompletableFuture<>();
    int port =
        serve(
            c -> {},
            r -> {
              ChannelPipeline pipeline = HttpPipelines.http1(r.connection());
              try {
                requireHandlers(
                    pipeline,
                    List.of(
                        HttpPipelines.DECODER,
                        HttpPipelines.ENCODER,
                        HttpPipelines.HANDLER,
                        HttpPipelines.WEBSOCKET_EXTENSIONS),
                    "of a WebSocket upgrade request");
                HttpPipelines.declineWebSocketCompression(pipeline);
                names.complete(pipeline.names());
              } catch (Throwable e) {
                names.completeExceptionally(e);
              }
              r.connection().close();
            });
    try (Socket s = send(port, WS_UPGRADE)) {
      List<String> left = names.get(10, TimeUnit.SECONDS);
      assertTrue(!left.contains(HttpPipelines.WEBSOCKET_EXTENSIONS), "declined: " + left);
    }
  }

  @Test
  void a_graceful_server_shutdown_reaches_the_pipeline_as_vertx_s_shutdown_event()
      throws Exception {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    CompletableFuture<Object> event = new CompletableFuture<>();
    int port =
        serve(
            c -> {
              HttpPipelines.http1(c)
                  .addBefore(
                      HttpPipelines.HANDLER,
                      "probe",
                      new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                          if (VertxInternals.isShutdown(evt)) {
                            event.complete(evt);
                          }
                          ctx.fireUserEventTriggered(evt);
                        }
                      });
              connected.complete(null);
            },
            r -> {});
    try (Socket s = send(port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")) {
      connected.get(10, TimeUnit.SECONDS);
      server.shutdown(1, TimeUnit.SECONDS);
      try {
        event.get(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        fail("no io.vertx.core.net.impl.ShutdownEvent on shutdown: WsSocket would not say goodbye");
      }
    }
  }

  @Test
  void buffers_share_their_netty_memory_both_ways() {
    ByteBuf bytes = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
    ByteBuf back = VertxInternals.byteBuf(VertxInternals.buffer(bytes));
    bytes.setByte(0, 9);
    assertEquals(9, back.getByte(0), "a view of the same memory, not a copy");
  }

  @Test
  void a_duplicate_context_leads_to_its_root_and_promises_complete_on_their_context()
      throws Exception {
    Context root = vertx.getOrCreateContext();
    Context duplicate = ((ContextInternal) root).duplicate();
    assertSame(root, VertxInternals.root(duplicate));
    CompletableFuture<Context> completedOn = new CompletableFuture<>();
    CompletableFuture<Context> current = new CompletableFuture<>();
    Promise<Void> promise = VertxInternals.promise(duplicate);
    promise.future().onComplete(ar -> completedOn.complete(Vertx.currentContext()));
    duplicate.runOnContext(v -> current.complete(VertxInternals.currentRoot()));
    vertx.setTimer(1, id -> promise.complete());
    assertSame(root, current.get(10, TimeUnit.SECONDS));
    assertSame(root, VertxInternals.root(completedOn.get(10, TimeUnit.SECONDS)));
  }

  @Test
  void dispatch_runs_the_handler_as_the_contexts_code() throws Exception {
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Context> ranOn = new CompletableFuture<>();
    context.runOnContext(
        v -> VertxInternals.dispatch(context, "e", e -> ranOn.complete(Vertx.currentContext())));
    assertSame(context, ranOn.get(10, TimeUnit.SECONDS));
  }

  @Test
  void the_transport_is_known_and_a_plain_vertx_has_no_cluster_manager() {
    assertNotNull(VertxInternals.transport(vertx));
    assertEquals(null, VertxInternals.clusterManager(vertx));
  }
}
