package io.roomcast.edge.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.core.vertx.HttpPipelines;
import io.roomcast.core.vertx.VertxInternals;
import io.roomcast.edge.connection.Edge;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The WebSocket handshake (RFC 6455 §4.2) on the edge's HTTP/1.1 connections, and the takeover
 * after it: the connection leaves Vert.x's HTTP server and its pipeline becomes Netty's frame
 * decoder and a {@link WsSocket}. Used by {@code /ws} and by the event-bus bridge's WebSocket
 * transports.
 */
public final class WsUpgrade {
  private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final int maxMessageBytes;
  private final int controlFramesPerSecond;
  private final WebSocketDecoderConfig decoding;

  /**
   * @param maxMessageBytes the largest frame or reassembled message read; longer ones close the
   *     socket with 1009
   * @param controlFramesPerSecond pings and pongs a client may send per second; a flood closes the
   *     socket with 1008
   */
  public WsUpgrade(int maxMessageBytes, int controlFramesPerSecond) {
    this.maxMessageBytes = maxMessageBytes;
    this.controlFramesPerSecond = controlFramesPerSecond;
    this.decoding = decoding(maxMessageBytes);
  }

  /**
   * What the frame decoder refuses (RFC 6455 §5): unmasked frames, RSV bits, reserved opcodes,
   * fragmented or long control frames, continuations out of place, frames over {@code
   * maxMessageBytes}. It only reports a violation; the {@link WsSocket} answers it with a close
   * frame (the decoder's own close frame would meet no encoder in this pipeline and never leave).
   */
  static WebSocketDecoderConfig decoding(int maxMessageBytes) {
    return WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxMessageBytes)
        .expectMaskedFrames(true)
        .allowMaskMismatch(false)
        .allowExtensions(false)
        .closeOnProtocolViolation(false)
        .build();
  }

  /** Whether {@code request} is a version-13 WebSocket upgrade this server can take over. */
  private static boolean isUpgrade(HttpServerRequest request) {
    String key = request.getHeader("Sec-WebSocket-Key");
    return request.version() == HttpVersion.HTTP_1_1
        && hasToken(request.getHeader("Upgrade"), "websocket")
        && hasToken(request.getHeader("Connection"), "upgrade")
        && "13".equals(request.getHeader("Sec-WebSocket-Version"))
        && key != null
        && !key.isBlank()
        && HttpPipelines.http1(request.connection()) != null;
  }

  /** 400 with a coded body, and the version this server speaks when the client asked another. */
  private static void refuse(RoutingContext ctx) {
    if (!"13".equals(ctx.request().getHeader("Sec-WebSocket-Version"))) {
      ctx.response().putHeader("Sec-WebSocket-Version", "13");
    }
    HttpErrors.send(
        ctx, ErrorCode.INVALID_REQUEST.exception("not a WebSocket (version 13) upgrade"));
  }

  /**
   * Refuses a request that is no upgrade (400) or that the edge's connection caps turn away (429),
   * before the upgrade; otherwise {@link #accept(HttpServerRequest) accepts} it. Null when refused.
   */
  public WsSocket accept(RoutingContext ctx, Edge edge, Identity who) {
    if (!isUpgrade(ctx.request())) {
      refuse(ctx);
      return null;
    }
    try {
      edge.admit(who, Edge.ip(ctx.request()));
    } catch (RuntimeException e) {
      HttpErrors.send(ctx, e);
      return null;
    }
    return accept(ctx.request());
  }

  /**
   * Answers the handshake of a request {@link #isUpgrade} accepted and takes the connection over;
   * runs on the request's event loop. The caller sets the socket's listener before returning.
   */
  private WsSocket accept(HttpServerRequest request) {
    ChannelPipeline pipeline = HttpPipelines.http1(request.connection());
    Channel channel = pipeline.channel();
    // frames are encoded once and shared by every socket, and a zlib context per socket would cost
    // more than the idle socket itself
    HttpPipelines.declineWebSocketCompression(pipeline);
    request
        .response()
        .setStatusCode(101)
        .putHeader("Upgrade", "websocket")
        .putHeader("Connection", "Upgrade")
        .putHeader("Sec-WebSocket-Accept", acceptKey(request.getHeader("Sec-WebSocket-Key")))
        // with it Netty treats the 101 as bodiless and sends no Content-Length
        .putHeader("Sec-WebSocket-Version", "13")
        .end()
        .onFailure(err -> channel.close());
    // On its event loop Vert.x has encoded the 101 by now and is done with the request; the
    // decoder's replacement gets any bytes that followed the request.
    WsSocket socket =
        new WsSocket(
            channel,
            Vertx.currentContext(),
            maxMessageBytes,
            controlFramesPerSecond,
            VertxInternals.closedInMetrics(request.connection(), request.remoteAddress()));
    takeOver(pipeline, socket);
    return socket;
  }

  /**
   * Rewires an HTTP/1.x pipeline whose 101 is encoded into Netty's frame decoder and {@code
   * socket}.
   */
  void takeOver(ChannelPipeline pipeline, WsSocket socket) {
    Channel channel = pipeline.channel();
    HttpPipelines.becomeWebSocket(pipeline, new WebSocket13FrameDecoder(decoding), socket);
    channel.config().setAutoRead(true);
    // inside a read Vert.x defers its flush to the end of the read, which its handler, now gone,
    // would have done: the 101 leaves now, even if the server has nothing to say yet
    channel.flush();
  }

  /** {@code Sec-WebSocket-Accept} for a client's key. */
  static String acceptKey(String key) {
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
