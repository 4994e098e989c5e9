package io.roomcast.bench.client;

import io.vertx.core.buffer.Buffer;

/**
 * One subscribing connection: which room on which port, and what it received. Counters are written
 * only by the connection's event loop and read by the run once deliveries have drained.
 */
public final class Subscriber {
  private final int index;
  private final String room;
  private final int port;
  private final Latency latency;
  private volatile long measured;
  private volatile long warm;
  private volatile long refused;
  private volatile String lastRefusal;
  private volatile boolean open;
  private volatile String failure;

  public Subscriber(int index, String room, int port, Latency latency) {
    this.index = index;
    this.room = room;
    this.port = port;
    this.latency = latency;
  }

  /** Called with every message the connection receives; frames without marks are ignored. */
  public void onMessage(Buffer frame) {
    long sent = Probe.sendTime(frame);
    if (sent == Probe.NONE) {
      return;
    }
    if (Probe.measured(frame)) {
      latency.recordNanos(System.nanoTime() - sent);
      measured++;
    } else {
      warm++;
    }
  }

  /** The server refused something this connection sent (a chat publish), with an error frame. */
  public void refused(Buffer frame) {
    refused++;
    lastRefusal = frame.toString();
  }

  public long refusedCount() {
    return refused;
  }

  public String lastRefusal() {
    return lastRefusal;
  }

  public void opened() {
    open = true;
  }

  public void closed() {
    open = false;
  }

  public void failed(String why) {
    failure = why;
    open = false;
  }

  public int index() {
    return index;
  }

  public String room() {
    return room;
  }

  public int port() {
    return port;
  }

  public String user() {
    return "bench-" + index;
  }

  public long measured() {
    return measured;
  }

  public long warm() {
    return warm;
  }

  public boolean isOpen() {
    return open;
  }

  public String failure() {
    return failure;
  }
}
