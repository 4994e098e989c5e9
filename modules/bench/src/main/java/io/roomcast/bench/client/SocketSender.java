package io.roomcast.bench.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Members send the messages themselves, over their own sockets, taking turns: message {@code n}
 * goes out on sender {@code n mod senders}, into that sender's room, stamped with its send time. A
 * 1 ms tick on the generator's publisher loop sends whatever is due. A message counts as accepted
 * unless the server answered its sender with an error frame (roomcast refusals; Socket.IO never
 * refuses), so losses are deliveries missing for messages the server took.
 */
public final class SocketSender implements Source {
  private final Vertx vertx;
  private final Context context;
  private final List<Transport.Connection> senders;
  private final List<Subscriber> members;
  private final IntUnaryOperator roomOfSender;
  private final List<String> rooms;
  private final ChatWire wire;
  private final double ratePerSecond;
  private final Payloads payloads;
  private final long[] sent;
  private final long[] refusedAtStart;
  private final int[][] sendersOfRoom;
  private long total;

  /**
   * @param senders open connections, {@code senders.get(i)} belonging to {@code members.get(i)}
   * @param roomOfSender index into {@code rooms} of sender {@code i}'s room
   */
  public SocketSender(
      Vertx vertx,
      Context context,
      List<Transport.Connection> senders,
      List<Subscriber> members,
      IntUnaryOperator roomOfSender,
      List<String> rooms,
      ChatWire wire,
      double ratePerSecond,
      int payloadBytes) {
    if (senders.isEmpty() || senders.size() != members.size()) {
      throw new IllegalArgumentException("one open connection per sending member");
    }
    this.vertx = vertx;
    this.context = context;
    this.senders = List.copyOf(senders);
    this.members = List.copyOf(members);
    this.roomOfSender = roomOfSender;
    this.rooms = List.copyOf(rooms);
    this.wire = wire;
    this.ratePerSecond = ratePerSecond;
    this.payloads = new Payloads(payloadBytes);
    this.sent = new long[rooms.size()];
    this.refusedAtStart = new long[members.size()];
    this.sendersOfRoom = new int[rooms.size()][];
    for (int r = 0; r < rooms.size(); r++) {
      int room = r;
      sendersOfRoom[r] =
          java.util.stream.IntStream.range(0, members.size())
              .filter(i -> roomOfSender.applyAsInt(i) == room)
              .toArray();
    }
  }

  /** The sender of message {@code n}: members take turns. */
  public static int senderOf(long n, int senders) {
    return (int) (n % senders);
  }

  @Override
  public Future<Void> run(long millis, boolean measured) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> start(millis, measured, done));
    return done.future();
  }

  private void start(long millis, boolean measured, Promise<Void> done) {
    if (measured) {
      for (int i = 0; i < members.size(); i++) {
        refusedAtStart[i] = members.get(i).refusedCount();
      }
    }
    Pacer.run(
        vertx, 1, millis, ratePerSecond, 1, (n, count) -> send(n, measured), done::tryComplete);
  }

  private void send(long n, boolean measured) {
    int sender = senderOf(total++, senders.size());
    int room = roomOfSender.applyAsInt(sender);
    senders
        .get(sender)
        .send(wire.publish(rooms.get(room), payloads.data(System.nanoTime(), measured, n)));
    if (measured) {
      sent[room]++;
    }
  }

  /** Sent into the room in the measured window, less what the server refused its senders. */
  @Override
  public long accepted(int index) {
    long refused = 0;
    for (int i : sendersOfRoom[index]) {
      refused += members.get(i).refusedCount() - refusedAtStart[i];
    }
    return Math.max(0, sent[index] - refused);
  }

  @Override
  public long acceptedTotal() {
    long sum = 0;
    for (int i = 0; i < rooms.size(); i++) {
      sum += accepted(i);
    }
    return sum;
  }

  @Override
  public long failed() {
    long refused = 0;
    for (int i = 0; i < members.size(); i++) {
      refused += members.get(i).refusedCount() - refusedAtStart[i];
    }
    return refused;
  }

  @Override
  public String lastError() {
    return members.stream()
        .map(Subscriber::lastRefusal)
        .filter(r -> r != null)
        .findFirst()
        .orElse(null);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
