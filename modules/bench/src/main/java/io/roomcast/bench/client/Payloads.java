package io.roomcast.bench.client;

/**
 * Event data of an exact JSON size: {@code {"bt":…,"bm":…,"bn":…,"p":"xxx…"}}, padded with {@code
 * p} so that the serialized data object is {@code bytes} long (100 in the headline scenario).
 */
public final class Payloads {
  private final int bytes;

  public Payloads(int bytes) {
    this.bytes = bytes;
  }

  /** The {@code data} object for one publish. */
  public String data(long sendNanos, boolean measured, long n) {
    StringBuilder b = new StringBuilder(Math.max(bytes, 64));
    b.append("{\"bt\":")
        .append(sendNanos)
        .append(",\"bm\":")
        .append(measured ? '1' : '0')
        .append(",\"bn\":")
        .append(n)
        .append(",\"p\":\"");
    int pad = bytes - b.length() - 2;
    for (int i = 0; i < pad; i++) {
      b.append('x');
    }
    return b.append("\"}").toString();
  }

  /** The publish request body roomcast, Socket.IO's peer and the floor all accept. */
  public String body(long sendNanos, boolean measured, long n) {
    return "{\"type\":\"message\",\"data\":" + data(sendNanos, measured, n) + "}";
  }
}
