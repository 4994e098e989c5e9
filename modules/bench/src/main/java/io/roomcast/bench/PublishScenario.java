package io.roomcast.bench;

import io.roomcast.bench.client.BatchPublisher;
import io.roomcast.bench.client.ChatWire;
import io.roomcast.bench.client.Clients;
import io.roomcast.bench.client.Publisher;
import io.roomcast.bench.client.RoomcastWs;
import io.roomcast.bench.client.SocketIoWs;
import io.roomcast.bench.client.SocketSender;
import io.roomcast.bench.client.Transport;
import io.roomcast.bench.report.RateRow;
import io.roomcast.bench.run.Generator;
import io.roomcast.bench.run.PublishRun;
import io.roomcast.bench.run.Workload;
import io.roomcast.bench.servers.RoomcastTarget;
import io.roomcast.bench.servers.SocketIoTarget;
import io.roomcast.bench.servers.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The publish scenario on one target: each publish door's highest sustained rate (REST, batch and
 * WebSocket for roomcast, emit for Socket.IO), with subscribers over WebSocket.
 */
final class PublishScenario {
  private final BenchOptions options;
  private final Generator generator;
  private final Consumer<String> log;
  private final List<RateRow> rates;
  private final Map<String, String> errors;

  /** Rows go to {@code rates}, failures by row name to {@code errors}. */
  PublishScenario(
      BenchOptions options,
      Generator generator,
      Consumer<String> log,
      List<RateRow> rates,
      Map<String, String> errors) {
    this.options = options;
    this.generator = generator;
    this.log = log;
    this.rates = rates;
    this.errors = errors;
  }

  /** Measures every door of {@code target} the options name, one rate row each. */
  void run(Target target, Workload work) {
    Clients clients = generator.clients();
    PublishRun run = new PublishRun(generator, work, log);
    Map<String, PublishRun.Door> doors = new LinkedHashMap<>();
    Transport subscribers;
    if (target instanceof RoomcastTarget rc) {
      subscribers = new RoomcastWs(clients, rc.jwtSecret());
      for (String d : options.transports()) {
        switch (d) {
          case "rest" ->
              doors.put(
                  "rest",
                  (rate, subs, conns) ->
                      new Publisher(
                          generator.vertx(),
                          generator.publisherLoop(),
                          rc.publish(),
                          work.roomIds(),
                          rate,
                          work.payloadBytes()));
          case "batch" ->
              doors.put(
                  "batch",
                  (rate, subs, conns) ->
                      new BatchPublisher(
                          generator.vertx(),
                          generator.publisherLoop(),
                          rc.apiPort(),
                          rc.authorization(),
                          work.roomIds(),
                          rate,
                          work.payloadBytes()));
          case "ws" -> doors.put("ws", socketDoor(work, ChatWire.ROOMCAST_WS));
          default -> errors.put("roomcast " + d, "unknown publish door (rest, batch, ws)");
        }
      }
    } else if (target instanceof SocketIoTarget) {
      subscribers = new SocketIoWs(clients);
      doors.put("emit", socketDoor(work, ChatWire.SOCKET_IO));
    } else {
      return;
    }
    doors.forEach(
        (name, door) -> {
          try {
            RateRow row = run.run(target, subscribers, name, door);
            log.accept(row.label() + ": highest sustained " + Math.round(row.best()) + "/s");
            rates.add(row);
          } catch (RuntimeException e) {
            log.accept(target.name() + " " + name + " failed: " + e.getMessage());
            errors.put(target.name() + " " + name, String.valueOf(e.getMessage()));
          }
        });
  }

  /** Publishing over the subscribers' own sockets, in turn, as chat members do. */
  private PublishRun.Door socketDoor(Workload work, ChatWire wire) {
    return (rate, subs, conns) ->
        new SocketSender(
            generator.vertx(),
            generator.publisherLoop(),
            List.of(conns),
            subs,
            k -> work.roomOf(subs.get(k).index()),
            work.roomIds(),
            wire,
            rate,
            work.payloadBytes());
  }
}
