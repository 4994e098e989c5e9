package io.roomcast.bridge.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.roomcast.bridge.Edge;
import io.roomcast.bridge.Origins;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /ws}: refuses before the upgrade (400/401/403/429 JSON) when the handshake, the token,
 * the origin or the connection caps say no, so clients see a plain HTTP reason; otherwise answers
 * the handshake (RFC 6455 §4.2.2) and takes the connection over from Vert.x's HTTP server: its
 * pipeline becomes Netty's frame decoder and a {@link WsSocket}, and the protocol starts.
 */
public final class WsHandler {
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /**
   * Vert.x's permessage-deflate negotiation (off on the edge: frames are encoded once and shared by
   * every socket, and a zlib context per socket would cost more than the idle socket itself).
   */
  private static final String EXTENSIONS = "webSocketExtensionHandler";

  /** What Vert.x's HTTP/1.x server puts in a connection's pipeline besides the transport. */
  private static final List<String> HTTP_HANDLERS =
      List.of("httpEncoder", "chunkedWriter", "deflater", "inflater", "idle");

  private final Edge edge;
  private final Origins origins;
  private final WebSocketDecoderConfig decoding;

  public WsHandler(Edge edge) {
    this.edge = edge;
    this.origins = new Origins(edge.config().allowedOrigins());
    this.decoding =
        WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(edge.transportLimit())
            .expectMaskedFrames(true)
            .allowMaskMismatch(false)
            .allowExtensions(false)
            .closeOnProtocolViolation(true)
            .build();
  }

  public void handle(RoutingContext ctx) {
    if (!origins.allows(ctx.request())) {
      HttpErrors.send(ctx, ErrorCode.ORIGIN_NOT_ALLOWED.exception("origin not allowed"));
      return;
    }
    edge.auth()
        .user(Authenticator.bearer(ctx.request()))
        .onSuccess(who -> upgrade(ctx, who))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private void upgrade(RoutingContext ctx, Identity who) {
    HttpServerRequest request = ctx.request();
    String accept = acceptKey(request);
    if (accept == null) {
      if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
        ctx.response().putHeader("Sec-WebSocket-Version", "13");
      }
      HttpErrors.send(
          ctx, ErrorCode.INVALID_REQUEST.exception("not a WebSocket (version 13) upgrade"));
      return;
    }
    try {
      edge.admit(who, Edge.ip(request));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    ConnectionBase http = (ConnectionBase) request.connection();
    Channel channel = http.channel();
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(EXTENSIONS) != null) {
      pipeline.remove(EXTENSIONS); // it would negotiate compression into the 101
    }
    request
        .response()
        .setStatusCode(101)
        .putHeader("Upgrade", "websocket")
        .putHeader("Connection", "Upgrade")
        .putHeader("Sec-WebSocket-Accept", accept)
        // with it Netty treats the 101 as bodiless and sends no Content-Length
        .putHeader("Sec-WebSocket-Version", "13")
        .end()
        .onFailure(err -> channel.close());
    // On its event loop Vert.x has encoded the 101 by now and is done with the request; the
    // decoder's replacement gets any bytes that followed the request.
    pipeline.replace("httpDecoder", "wsdecoder", new WebSocket13FrameDecoder(decoding));
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    WsSocket socket =
        new WsSocket(channel, context, edge.transportLimit(), leftVertx(http, request));
    pipeline.replace("handler", "ws", socket);
    for (String name : HTTP_HANDLERS) {
      if (pipeline.get(name) != null) {
        pipeline.remove(name);
      }
    }
    channel.config().setAutoRead(true);
    new WsConnection(edge.nextConnectionId(), who, Edge.ip(request), context, edge, socket).start();
  }

  /**
   * Vert.x counts the connection open until it hears it closed, which it no longer will: the socket
   * tells its metrics when it closes.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Runnable leftVertx(ConnectionBase http, HttpServerRequest request) {
    if (!(http.metrics() instanceof TCPMetrics metrics)) {
      return () -> {};
    }
    Object metric = http.metric();
    SocketAddress remote = request.remoteAddress();
    return () -> ((TCPMetrics<Object>) metrics).disconnected(metric, remote);
  }

  /** The handshake's {@code Sec-WebSocket-Accept}, or null if this is no version-13 upgrade. */
  static String acceptKey(HttpServerRequest request) {
    String key = request.getHeader("Sec-WebSocket-Key");
    if (request.version() != HttpVersion.HTTP_1_1
        || !hasToken(request.getHeader("Upgrade"), "websocket")
        || !hasToken(request.getHeader("Connection"), "upgrade")
        || !"13".equals(request.getHeader("Sec-WebSocket-Version"))
        || key == null
        || key.isBlank()
        || !(request.connection() instanceof ConnectionBase c)
        || c.channel().pipeline().get("httpDecoder") == null) {
      return null;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  private static boolean hasToken(String header, String token) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
