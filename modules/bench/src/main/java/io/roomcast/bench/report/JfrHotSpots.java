package io.roomcast.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's {@code jdk.ExecutionSample} events: the hottest methods by own
 * samples (top frame), and the hottest roomcast methods by samples anywhere on the stack.
 */
public final class JfrHotSpots {
  private JfrHotSpots() {}

  /** {@code java -cp roomcast-bench.jar io.roomcast.bench.report.JfrHotSpots FILE.jfr [PREFIX]} */
  public static void main(String[] args) throws IOException {
    System.out.print(summarise(Path.of(args[0]), 30, args.length > 1 ? args[1] : "io.roomcast."));
  }

  public static String summarise(Path recording, int top) throws IOException {
    return summarise(recording, top, "io.roomcast.");
  }

  /** Top methods by own samples, and methods under {@code prefix} by inclusive samples. */
  public static String summarise(Path recording, int top, String prefix) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> roomcast = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      threads.merge(threadGroup(e), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (n.startsWith(prefix) && seen.add(n)) {
          roomcast.merge(n, 1, Integer::sum);
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append(samples).append(" execution samples\n");
    b.append("top methods by own samples:\n");
    append(b, self, samples, top);
    b.append(prefix).append("* methods by samples on the stack (inclusive):\n");
    append(b, roomcast, samples, top);
    b.append("threads (numbers folded), by samples:\n");
    append(b, threads, samples, 12);
    return b.toString();
  }

  /** The sampled thread's name with its numbers folded: event loops vs Hazelcast's threads. */
  private static String threadGroup(RecordedEvent e) {
    jdk.jfr.consumer.RecordedThread t = e.getThread("sampledThread");
    String name = t == null ? null : t.getJavaName();
    return name == null ? "(unnamed)" : name.replaceAll("[0-9]+", "N");
  }

  private static void append(StringBuilder b, Map<String, Integer> counts, int total, int top) {
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    for (Map.Entry<String, Integer> e : sorted.subList(0, Math.min(top, sorted.size()))) {
      b.append(
          String.format(
              Locale.ROOT,
              "  %5.1f%%  %6d  %s%n",
              100.0 * e.getValue() / total,
              e.getValue(),
              e.getKey()));
    }
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }
}
