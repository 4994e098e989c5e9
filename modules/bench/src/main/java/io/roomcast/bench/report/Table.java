package io.roomcast.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The text and Markdown tables a run prints, and the ratios against the references. */
public final class Table {
  private Table() {}

  public static final String FLOOR = "vert.x floor ws";
  public static final String SOCKET_IO = "socket.io 4.8.4 ws";
  public static final String ROOMCAST_WS = "roomcast ws";

  public static String fanout(List<FanoutRow> rows, boolean markdown) {
    List<String[]> cells = new ArrayList<>();
    cells.add(
        new String[] {
          "row",
          "subs",
          "pub/s",
          "delivered/s",
          "lost",
          "p50 ms",
          "p99 ms",
          "p99.9 ms",
          "CPU µs/delivery (usr+sys)",
          "CPU vs floor",
          "other load"
        });
    Optional<FanoutRow> floor = find(rows, FLOOR);
    for (FanoutRow r : rows) {
      cells.add(
          new String[] {
            r.label(),
            r.connected() + "/" + r.subscribers(),
            fmt("%.0f", r.ratePerSecond()),
            fmt("%,.0f", r.deliveredPerSecond()),
            fmt("%d", r.lost()),
            fmt("%.2f", r.latency().p50()),
            fmt("%.2f", r.latency().p99()),
            fmt("%.2f", r.latency().p999()),
            fmt(
                "%.2f (%.2f+%.2f)",
                r.cpuMicrosPerDelivery(), r.userMicrosPerDelivery(), r.systemMicrosPerDelivery()),
            floor
                .filter(f -> f.cpuMicrosPerDelivery() > 0)
                .map(f -> fmt("%.2f×", r.cpuMicrosPerDelivery() / f.cpuMicrosPerDelivery()))
                .orElse("-"),
            fmt("%.2f cores", r.otherCores())
          });
    }
    return render(cells, markdown);
  }

  public static String idle(List<IdleRow> rows, boolean markdown) {
    List<String[]> cells = new ArrayList<>();
    cells.add(
        new String[] {
          "row",
          "connections",
          "alive after hold",
          "hold s",
          "KiB/conn",
          "heap KiB/conn",
          "off-heap KiB/conn",
          "hold CPU ms"
        });
    for (IdleRow r : rows) {
      cells.add(
          new String[] {
            r.label(),
            r.connected() + "/" + r.requested(),
            Integer.toString(r.aliveAfterHold()),
            fmt("%.0f", r.holdSeconds()),
            fmt("%.2f", r.bytesPerConnection() / 1024),
            fmt("%.2f", r.heapBytesPerConnection() / 1024),
            fmt("%.2f", r.offHeapBytesPerConnection() / 1024),
            Long.toString(r.cpu().totalNanos() / 1_000_000)
          });
    }
    return render(cells, markdown);
  }

  /**
   * Chat rows: members send over their own sockets; CPU is per message (all its deliveries, every
   * server process summed, Redis included for Socket.IO's cluster), beside Socket.IO's.
   */
  public static String chat(List<FanoutRow> rows, boolean markdown) {
    List<String[]> cells = new ArrayList<>();
    cells.add(
        new String[] {
          "row",
          "members",
          "msg/s",
          "delivered/s",
          "refused",
          "lost",
          "p50 ms",
          "p99 ms",
          "p99.9 ms",
          "CPU µs/message",
          "CPU µs/delivery",
          "vs socket.io",
          "other load"
        });
    Optional<FanoutRow> sio =
        rows.stream().filter(r -> r.target().startsWith("socket.io")).findFirst();
    for (FanoutRow r : rows) {
      cells.add(
          new String[] {
            r.label(),
            r.connected() + "/" + r.subscribers(),
            fmt("%.0f", r.ratePerSecond()),
            fmt("%,.0f", r.deliveredPerSecond()),
            fmt("%d", r.publishFailures()),
            fmt("%d", r.lost()),
            fmt("%.2f", r.latency().p50()),
            fmt("%.2f", r.latency().p99()),
            fmt("%.2f", r.latency().p999()),
            fmt("%.1f", r.cpuMicrosPerPublish()),
            fmt("%.2f", r.cpuMicrosPerDelivery()),
            sio.filter(f -> f.cpuMicrosPerPublish() > 0)
                .map(f -> fmt("%.2f×", r.cpuMicrosPerPublish() / f.cpuMicrosPerPublish()))
                .orElse("-"),
            fmt("%.2f cores", r.otherCores())
          });
    }
    return render(cells, markdown);
  }

  /** Publish rows: each door's highest sustained rate and what its best step cost. */
  public static String rates(List<RateRow> rows, boolean markdown) {
    List<String[]> cells = new ArrayList<>();
    cells.add(
        new String[] {
          "door",
          "highest sustained /s",
          "p99 ms there",
          "CPU µs/event there",
          "lowest failing /s",
          "steps",
          "other load there"
        });
    for (RateRow r : rows) {
      RateRow.Step best = r.bestStep();
      double failing =
          r.steps().stream()
              .filter(s -> !s.ok())
              .mapToDouble(RateRow.Step::rate)
              .min()
              .orElse(Double.NaN);
      cells.add(
          new String[] {
            r.label(),
            fmt("%,.0f", r.best()),
            best == null ? "-" : fmt("%.2f", best.p99Ms()),
            best == null ? "-" : fmt("%.1f", best.cpuMicrosPerEvent()),
            Double.isNaN(failing) ? "-" : fmt("%,.0f", failing),
            Integer.toString(r.steps().size()),
            best == null ? "-" : fmt("%.2f cores", best.otherCores())
          });
    }
    return render(cells, markdown);
  }

  /** Each roomcast row against the floor and Socket.IO (CPU per delivery and p99). */
  public static List<String> ratios(List<FanoutRow> rows) {
    List<String> out = new ArrayList<>();
    Optional<FanoutRow> floor = find(rows, FLOOR);
    Optional<FanoutRow> sio = find(rows, SOCKET_IO);
    for (FanoutRow r : rows) {
      if (!r.target().startsWith("roomcast") || r.cpuMicrosPerDelivery() == 0) {
        continue;
      }
      floor.ifPresent(
          f ->
              out.add(
                  fmt(
                      "%s CPU/delivery ÷ floor = %.2f× (goal ≤ 1.25×); p99 %.2f ms vs %.2f ms",
                      r.label(),
                      r.cpuMicrosPerDelivery() / f.cpuMicrosPerDelivery(),
                      r.latency().p99(),
                      f.latency().p99())));
      sio.ifPresent(
          s ->
              out.add(
                  fmt(
                      "socket.io CPU/delivery ÷ %s = %.2f× (goal ≥ 2.5×); p99 %.2f ms vs %.2f ms",
                      r.label(),
                      s.cpuMicrosPerDelivery() / r.cpuMicrosPerDelivery(),
                      s.latency().p99(),
                      r.latency().p99())));
    }
    return out;
  }

  static Optional<FanoutRow> find(List<FanoutRow> rows, String label) {
    return rows.stream().filter(r -> r.label().equals(label)).findFirst();
  }

  static String render(List<String[]> cells, boolean markdown) {
    int cols = cells.get(0).length;
    int[] width = new int[cols];
    for (String[] row : cells) {
      for (int c = 0; c < cols; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String[] row = cells.get(i);
      if (markdown) {
        b.append('|');
      }
      for (int c = 0; c < cols; c++) {
        String cell = c == 0 ? pad(row[c], width[c]) : padLeft(row[c], width[c]);
        b.append(markdown ? " " + cell + " |" : (c == 0 ? "" : "  ") + cell);
      }
      b.append('\n');
      if (i == 0) {
        if (markdown) {
          b.append('|');
          for (int c = 0; c < cols; c++) {
            b.append(c == 0 ? "-".repeat(width[c] + 2) : "-".repeat(width[c] + 1) + ":")
                .append('|');
          }
        } else {
          int total = 0;
          for (int w : width) {
            total += w + 2;
          }
          b.append("-".repeat(total - 2));
        }
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(w - s.length());
  }

  private static String padLeft(String s, int w) {
    return " ".repeat(w - s.length()) + s;
  }

  static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
