package io.roomcast.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where roomcast's CPU goes, by subsystem: each execution sample is charged to the innermost frame
 * on its stack that names a subsystem (so time in Jackson under {@code EventDraft} is validation,
 * time in Netty under the hub's writer is socket writes); the generic buckets (event bus,
 * Hazelcast, Netty) take only samples with no specific frame. Samples on Hazelcast's partition
 * threads are shown apart: entry processors and map scans run there.
 */
public final class JfrSubsystems {
  private record Subsystem(String name, List<String> prefixes) {}

  private static Subsystem of(String name, String... prefixes) {
    return new Subsystem(name, List.of(prefixes));
  }

  private static final List<Subsystem> SPECIFIC =
      List.of(
          of(
              "presence expiry sweep (executeOnEntries each sweep)",
              "com.hazelcast.map.impl.operation.PartitionWideEntryOperation",
              "io.roomcast.presence.RoomProcessors$DueBy",
              "io.roomcast.presence.ConnectionProcessors$SeenBefore",
              "io.roomcast.presence.ConnectionProcessors$RemoveIfStale"),
          of(
              "presence heartbeats (submitToKeys Touch)",
              "com.hazelcast.map.impl.operation.MultipleEntryOperation",
              "io.roomcast.presence.ConnectionProcessors$Touch"),
          of(
              "validation (EventDraft, Ids)",
              "io.roomcast.core.event.EventDraft.",
              "io.roomcast.core.Ids."),
          of(
              "JSON parse of client frames",
              "com.fasterxml.jackson.core.json.ReaderBasedJsonParser",
              "com.fasterxml.jackson.core.json.UTF8StreamJsonParser",
              "io.vertx.core.json.jackson.JacksonCodec.fromString",
              "io.vertx.core.json.jackson.JacksonCodec.fromBuffer",
              "io.vertx.core.json.jackson.JacksonCodec.decodeValue"),
          of("history: envelope JSON for the log", "io.roomcast.history.RoomLog.json"),
          of(
              "history: placing events in the room's log",
              "io.roomcast.history.RoomLog.",
              "io.roomcast.history.HeldLog.",
              "io.roomcast.history.Placement."),
          of("history: copies and routed appends between members", "io.roomcast.history."),
          of(
              "presence: typing-stop per message and signals",
              "io.roomcast.core.client.DefaultRoomcastClient.endTypingOf",
              "io.roomcast.core.client.DefaultRoomcastClient.command",
              "io.roomcast.presence."),
          of(
              "bus publish (RoomEvents.publish)",
              "io.roomcast.core.client.RoomEvents.publish",
              "io.roomcast.core.client.DefaultRoomcastClient.publishEnvelope"),
          of(
              "per-room ordering (RoomOrder)",
              "io.roomcast.edge.hub.RoomOrder",
              "io.roomcast.edge.hub.RoomSequence"),
          of(
              "fan-out: event encoding (EncodedEvent, WsEncoding, Envelope.toJson)",
              "io.roomcast.edge.wire.EncodedEvent.",
              "io.roomcast.edge.wire.WsEncoding",
              "io.roomcast.core.event.Envelope.toJson",
              "io.roomcast.edge.wire.OffHeap"),
          of(
              "fan-out: per-connection deliver (Topic, Outbox, cursors)",
              "io.roomcast.edge.hub.Topic",
              "io.roomcast.edge.ws.WsConnection.deliver",
              "io.roomcast.edge.wire.Outbox",
              "io.roomcast.edge.connection.RoomCursors"),
          of(
              "socket writes and flushes",
              "io.roomcast.edge.wire.ChannelWire",
              "io.netty.channel.AbstractChannelHandlerContext.write",
              "io.netty.channel.AbstractChannelHandlerContext.flush",
              "io.netty.channel.epoll.AbstractEpollStreamChannel.doWrite",
              "io.netty.channel.ChannelOutboundBuffer"),
          of("ack reply", "io.roomcast.edge.ws.WsConnection.reply"),
          of("publish op dispatch (WsOps)", "io.roomcast.edge.ws.WsOps"),
          of(
              "liveness sweeps",
              "io.roomcast.edge.connection.InstanceConnections.sweep",
              "io.roomcast.edge.ws.WsSocketConnection.sweep",
              "io.roomcast.edge.connection.EdgeConnection.expired"),
          of("ws receive: frame decode, text, dispatch", "io.roomcast.edge.ws."),
          of("sockjs bridge receive and dispatch", "io.roomcast.edge.sockjs."),
          of(
              "hazelcast backups",
              "com.hazelcast.spi.impl.operationservice.impl.OperationBackupHandler",
              "com.hazelcast.spi.impl.operationservice.impl.operations.Backup"),
          of(
              "hazelcast responses",
              "com.hazelcast.spi.impl.operationservice.Operation.sendResponse",
              "com.hazelcast.spi.impl.operationservice.impl.Invocation.sendResponse",
              "com.hazelcast.spi.impl.operationservice.impl.InboundResponseHandler"),
          of("metrics (micrometer)", "io.micrometer."));

  private static final List<Subsystem> GENERIC =
      List.of(
          of("vert.x event bus (delivery, codecs)", "io.vertx.core.eventbus."),
          of("hazelcast (no roomcast frame)", "com.hazelcast."),
          of("netty (epoll loop, read)", "io.netty."));

  private JfrSubsystems() {}

  /** {@code java -cp roomcast-bench.jar io.roomcast.bench.report.JfrSubsystems FILE.jfr [µs]} */
  public static void main(String[] args) throws IOException {
    double micros = args.length > 1 ? Double.parseDouble(args[1]) : 0;
    System.out.print(summarise(Path.of(args[0]), micros));
  }

  /**
   * The subsystem of one sample, given its frames innermost first ({@code Type.method}) and its
   * thread's name.
   */
  public static String classify(List<String> frames, String thread) {
    String found = first(frames, SPECIFIC);
    if (found == null) {
      found = first(frames, GENERIC);
    }
    if (found == null) {
      found = "other";
    }
    if (thread != null && thread.contains("partition-operation")) {
      return "[hz partition threads] " + found;
    }
    if (thread != null && thread.startsWith("hz.")) {
      return "[hz other threads] " + found;
    }
    return found;
  }

  private static String first(List<String> frames, List<Subsystem> subsystems) {
    for (String frame : frames) {
      for (Subsystem s : subsystems) {
        for (String prefix : s.prefixes()) {
          if (frame.startsWith(prefix)) {
            return s.name();
          }
        }
      }
    }
    return null;
  }

  /**
   * Shares of the recording's samples by subsystem; with {@code microsPerUnit} > 0, each share is
   * also given in µs of it (e.g. CPU per message). Samples cover Java code only: GC, the JIT and
   * the kernel's side of socket I/O are not in them.
   */
  public static String summarise(Path recording, double microsPerUnit) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      List<String> frames = new ArrayList<>(stack.getFrames().size());
      for (RecordedFrame f : stack.getFrames()) {
        frames.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
      }
      jdk.jfr.consumer.RecordedThread t = e.getThread("sampledThread");
      counts.merge(classify(frames, t == null ? null : t.getJavaName()), 1, Integer::sum);
      samples++;
    }
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    StringBuilder b = new StringBuilder();
    b.append(samples).append(" execution samples by subsystem (innermost frame that names one):\n");
    for (Map.Entry<String, Integer> e : sorted) {
      double share = samples == 0 ? 0 : (double) e.getValue() / samples;
      String micros =
          microsPerUnit > 0 ? String.format(Locale.ROOT, "  %7.1f µs", share * microsPerUnit) : "";
      b.append(String.format(Locale.ROOT, "  %5.1f%%%s  %s%n", 100 * share, micros, e.getKey()));
    }
    return b.toString();
  }
}
