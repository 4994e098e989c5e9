package io.roomcast.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roomcast.bench.servers.CpuTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static FanoutRow row(String target, long cpuMicros, long p99Micros) {
    Histogram h = new Histogram(60_000_000L, 3);
    for (int i = 0; i < 99; i++) {
      h.recordValue(1000);
    }
    h.recordValue(p99Micros);
    h.recordValue(p99Micros);
    return new FanoutRow(
        target,
        "ws",
        1000,
        1000,
        10,
        500,
        100,
        30.0,
        15000,
        0,
        1_500_000,
        1_500_000,
        0,
        0,
        LatencySummary.of(h),
        new CpuTime(cpuMicros * 1000 * 1_500_000 / 2, cpuMicros * 1000 * 1_500_000 / 2),
        CpuTime.ZERO,
        0);
  }

  @Test
  void cpu_per_delivery_is_server_cpu_over_deliveries() {
    FanoutRow r = row("roomcast", 6, 1000);
    assertEquals(6.0, r.cpuMicrosPerDelivery(), 1e-9);
    assertEquals(50_000, r.deliveredPerSecond(), 1e-9);
  }

  @Test
  void latency_percentiles_are_in_milliseconds() {
    LatencySummary s = row("roomcast", 6, 8000).latency();
    assertEquals(1.0, s.p50(), 0.01);
    assertEquals(8.0, s.p999(), 0.01);
  }

  @Test
  void ratios_compare_roomcast_with_the_floor_and_socket_io() {
    List<String> ratios =
        Table.ratios(
            List.of(
                row("vert.x floor", 5, 1000),
                row("socket.io 4.8.4", 15, 1000),
                row("roomcast", 6, 1000)));
    assertEquals(2, ratios.size());
    assertTrue(ratios.get(0).contains("= 1.20×"), ratios.get(0));
    assertTrue(ratios.get(1).contains("= 2.50×"), ratios.get(1));
  }

  @Test
  void the_markdown_table_has_a_header_rule_and_one_line_per_row() {
    String md = Table.fanout(List.of(row("vert.x floor", 5, 1000), row("roomcast", 6, 1000)), true);
    String[] lines = md.split("\n");
    assertEquals(4, lines.length);
    assertTrue(lines[1].startsWith("|---"));
    assertTrue(lines[3].contains("1.20×"));
  }

  @Test
  void the_chart_is_a_readable_png(@TempDir Path dir) throws Exception {
    assumeTrue(fontsInstalled(), "no fonts on this machine: Java2D cannot draw text");
    Path png = dir.resolve("chart.png");
    Chart.write(
        png,
        "t",
        List.of("s"),
        Chart.fanout(List.of(row("vert.x floor", 5, 1000), row("roomcast", 6, 9000))));
    assertTrue(Files.size(png) > 1000);
    assertEquals(1100, ImageIO.read(png.toFile()).getWidth());
  }

  private static boolean fontsInstalled() {
    try {
      System.setProperty("java.awt.headless", "true");
      return java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment()
              .getAvailableFontFamilyNames()
              .length
          > 0;
    } catch (RuntimeException | Error e) {
      return false;
    }
  }
}
