package io.roomcast.server;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A plain TCP socket speaking hand-written HTTP/1.1, for requests no HTTP client would send. */
final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  record Response(int status, Map<String, String> headers, String body) {
    JsonObject error() {
      return new JsonObject(body).getJsonObject("error");
    }

    String code() {
      return error().getString("code");
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(15_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  static RawHttp open(int port) {
    try {
      return new RawHttp(port);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** One request over a fresh connection, answered in full. */
  static Response exchange(int port, String request) {
    try (RawHttp raw = open(port)) {
      raw.send(request);
      return raw.response();
    }
  }

  RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Writes without failing when the server has already closed the connection. */
  boolean trySend(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c == -1 && b.size() == 0) {
      throw new IOException("connection closed");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /** The status line and headers of the next response. */
  Response head() {
    try {
      String status = line();
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(); !h.isEmpty(); h = line()) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      return new Response(Integer.parseInt(status.split(" ")[1]), headers, "");
    } catch (IOException e) {
      throw new AssertionError("no response head", e);
    }
  }

  /** The next whole response: its body by Content-Length, chunks, or up to the close. */
  Response response() {
    Response head = head();
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      String length = head.header("content-length");
      if (length != null) {
        body.write(in.readNBytes(Integer.parseInt(length)));
      } else if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
        for (int n = Integer.parseInt(line().trim(), 16);
            n > 0;
            n = Integer.parseInt(line().trim(), 16)) {
          body.write(in.readNBytes(n));
          line();
        }
        line();
      } else {
        body.write(in.readAllBytes());
      }
      return new Response(head.status(), head.headers(), body.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("incomplete response", e);
    }
  }

  /** Reads one line of a streaming body (an SSE stream's chunk sizes and lines included). */
  String readLine() {
    try {
      return line();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Whether the server closes the connection within {@code timeout}; bytes before it are skipped.
   */
  boolean closedWithin(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      byte[] sink = new byte[4096];
      while (System.nanoTime() < deadline) {
        socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        try {
          if (in.read(sink) == -1) {
            return true;
          }
        } catch (SocketTimeoutException e) {
          return false;
        }
      }
      return false;
    } catch (IOException e) {
      return true; // reset by the server
    }
  }

  /** Everything up to the close. */
  String rest() {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
