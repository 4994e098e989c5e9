package io.roomcast.core.vertx;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;

/**
 * The Netty pipeline Vert.x's HTTP/1.x server gives a connection, by the names of its handlers:
 * where the edge writes below the response encoder, swaps in a stricter request decoder, and takes
 * an upgraded WebSocket away from Vert.x.
 */
public final class HttpPipelines {
  /** Vert.x's HTTP/1.x request decoder. */
  public static final String DECODER = "httpDecoder";

  /** Vert.x's HTTP/1.x response encoder. */
  public static final String ENCODER = "httpEncoder";

  /** Vert.x's connection handler, the last in the pipeline. */
  public static final String HANDLER = "handler";

  /**
   * Vert.x's permessage-deflate negotiation, which would answer a client's offer in the 101 of a
   * WebSocket handshake.
   */
  public static final String WEBSOCKET_EXTENSIONS = "webSocketExtensionHandler";

  /** What Vert.x's HTTP/1.x server may put in a pipeline besides decoder and handler. */
  static final List<String> HTTP_ONLY =
      List.of(ENCODER, "chunkedWriter", "deflater", "inflater", "idle");

  private HttpPipelines() {}

  /** The pipeline of an HTTP/1.x connection served by Vert.x, or null for any other. */
  public static ChannelPipeline http1(HttpConnection connection) {
    Channel channel = VertxInternals.channel(connection);
    return channel == null || channel.pipeline().get(DECODER) == null ? null : channel.pipeline();
  }

  /** Where frames are written below the response encoder, or null when there is none. */
  public static ChannelHandlerContext belowEncoder(Channel channel) {
    return channel.pipeline().context(ENCODER);
  }

  /**
   * Replaces Vert.x's request decoder by one that refuses ambiguous framings ({@link
   * StrictRequestDecoder}); call before the connection has read anything.
   */
  public static void decodeStrictly(ChannelPipeline pipeline, HttpServerOptions options) {
    pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options));
  }

  /** Stops Vert.x from negotiating WebSocket compression in the 101 about to be written. */
  public static void declineWebSocketCompression(ChannelPipeline pipeline) {
    if (pipeline.get(WEBSOCKET_EXTENSIONS) != null) {
      pipeline.remove(WEBSOCKET_EXTENSIONS);
    }
  }

  /**
   * Takes an upgraded connection away from Vert.x once its 101 is encoded: the request decoder
   * becomes {@code frameDecoder}, Vert.x's handler becomes {@code socket}, and every other HTTP
   * handler leaves. Any bytes that followed the request reach {@code frameDecoder}.
   */
  public static void becomeWebSocket(
      ChannelPipeline pipeline, ChannelHandler frameDecoder, ChannelHandler socket) {
    pipeline.replace(DECODER, "wsdecoder", frameDecoder);
    pipeline.replace(HANDLER, "ws", socket);
    for (String name : HTTP_ONLY) {
      if (pipeline.get(name) != null) {
        pipeline.remove(name);
      }
    }
  }
}
