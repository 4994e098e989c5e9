package io.roomcast.bench.run;

import io.roomcast.bench.client.ChatWire;
import io.roomcast.bench.client.SocketSender;
import io.roomcast.bench.client.Subscriber;
import io.roomcast.bench.client.Transport.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat workload: every client is a member of room {@code i mod rooms} and sends messages over
 * its own socket, the members taking turns; every member of the room receives each message, the
 * sender too. On several nodes a room's members (clients {@code r, r+rooms, r+2·rooms, …}) are
 * spread over the nodes in turn, so every message crosses nodes.
 */
public final class Chat {
  private Chat() {}

  /** The node client {@code i} connects to. */
  public static int nodeOf(int client, int rooms, int nodes) {
    return (client / rooms) % nodes;
  }

  /** Ports: each client on its node's edge, counting every node of the target. */
  public static FanoutRun.PortPlan ports(int rooms) {
    return (target, i) -> {
      List<Integer> ports = target.memberPorts();
      return ports.get(nodeOf(i, rooms, ports.size()));
    };
  }

  /** The members whose sockets opened send, in turn, into their own rooms. */
  public static FanoutRun.SourceFactory senders(Generator generator, Workload work, ChatWire wire) {
    return (target, subs, bySubscriber) -> {
      List<Subscriber> members = new ArrayList<>();
      List<Connection> senders = new ArrayList<>();
      for (int i = 0; i < subs.size(); i++) {
        if (bySubscriber[i] != null) {
          members.add(subs.get(i));
          senders.add(bySubscriber[i]);
        }
      }
      return new SocketSender(
          generator.vertx(),
          generator.publisherLoop(),
          senders,
          members,
          k -> work.roomOf(members.get(k).index()),
          work.roomIds(),
          wire,
          work.ratePerSecond(),
          work.payloadBytes());
    };
  }
}
