package io.roomcast.server;

import io.roomcast.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client written by hand on a TCP socket, for tests of the wire itself: the exact
 * handshake answer, fragments, control frames and the closing handshake.
 */
final class RawWebSocket implements AutoCloseable {
  /** RFC 6455 §1.3's sample key; its accept value is {@code s3pPLMBiTxaQ9kYGzzhZRbK+xOo=}. */
  static final String SAMPLE_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  static final int TEXT = 0x1;
  static final int CONTINUATION = 0x0;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** A server frame: its opcode and payload. */
  record Frame(int opcode, Buffer payload) {
    String text() {
      return payload.toString(StandardCharsets.UTF_8);
    }

    int closeCode() {
      return payload.length() >= 2 ? payload.getUnsignedShort(0) : -1;
    }
  }

  private final NetClient net;
  private final NetSocket socket;
  private final Promise<Void> closed = Promise.promise();
  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private Buffer pending = Buffer.buffer();
  private volatile String head;

  private RawWebSocket(NetClient net, NetSocket socket) {
    this.net = net;
    this.socket = socket;
    socket.handler(this::received);
    socket.closeHandler(v -> closed.tryComplete());
  }

  /** Sends {@code GET path} as an upgrade with the sample key and whatever {@code headers} add. */
  static RawWebSocket open(Vertx vertx, int port, String path, String... headers) {
    NetClient net = vertx.createNetClient();
    RawWebSocket ws = new RawWebSocket(net, Await.result(net.connect(port, "127.0.0.1")));
    StringBuilder request =
        new StringBuilder("GET ")
            .append(path)
            .append(" HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n")
            .append("Connection: Upgrade\r\n");
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    ws.socket.write(request.append("\r\n").toString());
    return ws;
  }

  /** The usual handshake headers: the sample key and version 13. */
  static String[] standard() {
    return new String[] {"Sec-WebSocket-Key: " + SAMPLE_KEY, "Sec-WebSocket-Version: 13"};
  }

  /** A client frame: masked, as clients must send (RFC 6455 §5.3). */
  static Buffer clientFrame(boolean fin, int opcode, Buffer payload) {
    byte[] key = {7, 1, 3, 9};
    Buffer frame = Buffer.buffer().appendByte((byte) ((fin ? 0x80 : 0) | opcode));
    int n = payload.length();
    if (n < 126) {
      frame.appendByte((byte) (0x80 | n));
    } else if (n <= 0xFFFF) {
      frame.appendByte((byte) (0x80 | 126)).appendUnsignedShort(n);
    } else {
      frame.appendByte((byte) (0x80 | 127)).appendLong(n);
    }
    frame.appendBytes(key);
    for (int i = 0; i < n; i++) {
      frame.appendByte((byte) (payload.getByte(i) ^ key[i % 4]));
    }
    return frame;
  }

  void send(boolean fin, int opcode, String payload) {
    socket.write(clientFrame(fin, opcode, Buffer.buffer(payload)));
  }

  void send(boolean fin, int opcode, Buffer payload) {
    socket.write(clientFrame(fin, opcode, payload));
  }

  /** Bytes exactly as given: frames a well-behaved client would never send. */
  void write(Buffer bytes) {
    socket.write(bytes);
  }

  /** Stops reading: what the server sends stays in the kernel's buffers, then in the server's. */
  void pause() {
    socket.pause();
  }

  void resume() {
    socket.resume();
  }

  /** The response head (status line and headers), once it has arrived. */
  String head(Duration wait) {
    Await.until(wait, "the handshake answer", () -> head != null);
    return head;
  }

  /** The next server frame, or an assertion failure after {@code wait}. */
  Frame next(Duration wait) {
    try {
      Frame f = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (f == null) {
        throw new AssertionError("no frame within " + wait);
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame with {@code opcode}, skipping others (welcome, pings). */
  Frame next(int opcode, Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    while (true) {
      Frame f = next(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
      if (f.opcode() == opcode) {
        return f;
      }
    }
  }

  /** Completes when the server has closed the TCP connection. */
  Future<Void> closed() {
    return closed.future();
  }

  private synchronized void received(Buffer bytes) {
    pending = pending.appendBuffer(bytes);
    if (head == null) {
      String s = pending.toString(StandardCharsets.ISO_8859_1);
      int end = s.indexOf("\r\n\r\n");
      if (end < 0) {
        return;
      }
      pending = pending.getBuffer(end + 4, pending.length());
      head = s.substring(0, end);
    }
    while (pending.length() >= 2) {
      int len = pending.getByte(1) & 0x7F;
      int at = 2;
      if (len == 126) {
        if (pending.length() < 4) {
          return;
        }
        len = pending.getUnsignedShort(2);
        at = 4;
      } else if (len == 127) {
        if (pending.length() < 10) {
          return;
        }
        len = (int) pending.getLong(2);
        at = 10;
      }
      if (pending.length() < at + len) {
        return;
      }
      frames.add(new Frame(pending.getByte(0) & 0x0F, pending.getBuffer(at, at + len)));
      pending = pending.getBuffer(at + len, pending.length());
    }
  }

  @Override
  public void close() {
    net.close();
  }
}
