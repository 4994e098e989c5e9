package io.roomcast.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Renders a report's panels into one PNG with Java2D (headless; no network, no services). */
public final class Chart {
  static final Color USER = new Color(66, 133, 244);
  static final Color SYSTEM = new Color(251, 140, 0);
  static final Color P50 = new Color(76, 175, 80);
  static final Color P99 = new Color(255, 167, 38);
  static final Color P999 = new Color(229, 57, 53);
  static final Color PLAIN = new Color(94, 53, 177);

  private static final int WIDTH = 1100;

  private Chart() {}

  public static void write(Path file, String title, List<String> subtitles, List<BarPanel> panels)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int top = 44 + 20 * subtitles.size();
    int height = top + panels.stream().mapToInt(p -> p.height() + 10).sum();
    BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
      g.drawString(title, 12, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.setColor(Color.DARK_GRAY);
      for (int i = 0; i < subtitles.size(); i++) {
        g.drawString(subtitles.get(i), 12, 52 + 20 * i);
      }
      int y = top;
      for (BarPanel p : panels) {
        p.draw(g, 0, y, WIDTH);
        y += p.height() + 10;
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(img, "png", file.toFile());
  }

  /** Fan-out: CPU per delivery, latency percentiles, delivered/s. */
  public static List<BarPanel> fanout(List<FanoutRow> rows) {
    List<String> labels = rows.stream().map(FanoutRow::label).toList();
    return List.of(
        new BarPanel(
            "Server CPU per delivery",
            "µs",
            labels,
            List.of(
                series("user", USER, rows, FanoutRow::userMicrosPerDelivery),
                series("system", SYSTEM, rows, FanoutRow::systemMicrosPerDelivery)),
            true,
            false),
        new BarPanel(
            "Publish → deliver latency",
            "ms",
            labels,
            List.of(
                series("p50", P50, rows, r -> r.latency().p50()),
                series("p99", P99, rows, r -> r.latency().p99()),
                series("p99.9", P999, rows, r -> r.latency().p999())),
            false,
            true),
        new BarPanel(
            "Delivered per second",
            "events/s",
            labels,
            List.of(series("delivered/s", PLAIN, rows, FanoutRow::deliveredPerSecond)),
            false,
            false));
  }

  /** Idle connections: retained memory per connection. */
  public static List<BarPanel> idle(List<IdleRow> rows) {
    List<String> labels = rows.stream().map(IdleRow::label).toList();
    return List.of(
        new BarPanel(
            "Retained memory per idle connection",
            "KiB",
            labels,
            List.of(
                series("heap after GC", USER, rows, r -> r.heapBytesPerConnection() / 1024),
                series("off-heap", SYSTEM, rows, r -> r.offHeapBytesPerConnection() / 1024)),
            true,
            false));
  }

  private static <R> BarPanel.Series series(
      String name, Color color, List<R> rows, java.util.function.ToDoubleFunction<R> f) {
    return new BarPanel.Series(name, color, rows.stream().mapToDouble(f).toArray());
  }
}
