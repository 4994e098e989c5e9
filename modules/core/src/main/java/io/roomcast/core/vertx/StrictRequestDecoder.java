package io.roomcast.core.vertx;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's request decoder, refusing the framings that let a request hide another (RFC 9112 §6.1,
 * §6.3): {@code Transfer-Encoding} together with {@code Content-Length}, and any {@code
 * Transfer-Encoding} other than a single {@code chunked}. Netty would let the chunked framing win
 * silently; here the request fails to decode, so it is answered 400 and the connection closed
 * before its body is read. Several {@code Content-Length} values are refused by Netty itself.
 * Request lines of other HTTP versions are refused too.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  /**
   * Only HTTP/1.0 and HTTP/1.1 request lines: another version (an HTTP/2 preface, {@code PRI *
   * HTTP/2.0}, on a port that does not negotiate HTTP/2) fails to decode and gets a coded 400.
   */
  @Override
  protected HttpMessage createMessage(String[] initialLine) {
    String version = initialLine.length < 3 ? "" : initialLine[2];
    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
      throw new IllegalArgumentException("unsupported HTTP version");
    }
    return super.createMessage(initialLine);
  }

  /** Called once a request's headers are read, before its body framing is chosen. */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    HttpHeaders headers = msg.headers();
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.isEmpty()) {
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
      }
      if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
        throw new IllegalArgumentException("Transfer-Encoding other than chunked");
      }
    }
    return super.isContentAlwaysEmpty(msg);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
  }
}
