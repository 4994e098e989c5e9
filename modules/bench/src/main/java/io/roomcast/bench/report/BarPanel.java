package io.roomcast.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.List;
import java.util.Locale;

/**
 * One horizontal bar chart: a row per label, each with several series drawn either side by side
 * (grouped) or end to end (stacked), on a linear or log axis, values written at the bar ends.
 */
public record BarPanel(
    String title,
    String unit,
    List<String> labels,
    List<Series> series,
    boolean stacked,
    boolean log) {

  /** One measure across all rows. */
  public record Series(String name, Color color, double[] values) {}

  static final int LABEL_WIDTH = 230;
  static final int ROW_HEIGHT = 46;
  static final int HEADER = 54;
  static final int FOOTER = 34;

  public int height() {
    return HEADER + labels.size() * ROW_HEIGHT + FOOTER;
  }

  public void draw(Graphics2D g, int x0, int y0, int width) {
    int plotX = x0 + LABEL_WIDTH;
    int plotW = width - LABEL_WIDTH - 90;
    int plotY = y0 + HEADER;
    int plotH = labels.size() * ROW_HEIGHT;
    double max = maxValue();
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title + " (" + unit + (log ? ", log scale" : "") + ")", x0 + 10, y0 + 22);
    legend(g, x0 + 10, y0 + 42);
    axis(g, plotX, plotY, plotW, plotH, max);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    for (int row = 0; row < labels.size(); row++) {
      int rowY = plotY + row * ROW_HEIGHT;
      g.setColor(Color.BLACK);
      String label = labels.get(row);
      g.drawString(label, plotX - 10 - fm.stringWidth(label), rowY + ROW_HEIGHT / 2 + 5);
      if (stacked) {
        drawStacked(g, row, plotX, rowY + 8, plotW, ROW_HEIGHT - 16, max);
      } else {
        drawGrouped(g, row, plotX, rowY + 5, plotW, ROW_HEIGHT - 10, max);
      }
    }
  }

  private void drawStacked(Graphics2D g, int row, int plotX, int y, int plotW, int h, double max) {
    double sum = 0;
    for (Series s : series) {
      double from = scale(sum, max, plotW);
      sum += s.values[row];
      double to = scale(sum, max, plotW);
      g.setColor(s.color);
      g.fillRect(plotX + (int) from, y, Math.max(1, (int) (to - from)), h);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawString(format(sum), plotX + (int) scale(sum, max, plotW) + 6, y + h / 2 + 5);
  }

  private void drawGrouped(Graphics2D g, int row, int plotX, int y, int plotW, int h, double max) {
    int bar = h / series.size();
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    g.setFont(small);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      double w = scale(s.values[row], max, plotW);
      g.setColor(s.color);
      g.fillRect(plotX, y + i * bar, Math.max(1, (int) w), bar - 2);
      g.setColor(Color.DARK_GRAY);
      g.drawString(format(s.values[row]), plotX + (int) w + 5, y + i * bar + bar - 3);
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
  }

  private void legend(Graphics2D g, int x, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int at = x;
    for (Series s : series) {
      g.setColor(s.color);
      g.fillRect(at, y - 10, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(s.name, at + 16, y);
      at += 24 + g.getFontMetrics().stringWidth(s.name);
    }
  }

  private void axis(Graphics2D g, int x, int y, int w, int h, double max) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (double tick : ticks(max)) {
      int tx = x + (int) scale(tick, max, w);
      g.setColor(new Color(225, 225, 225));
      g.drawLine(tx, y, tx, y + h);
      g.setColor(Color.GRAY);
      String t = format(tick);
      g.drawString(t, tx - g.getFontMetrics().stringWidth(t) / 2, y + h + 16);
    }
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawLine(x, y, x, y + h);
    g.drawLine(x, y + h, x + w, y + h);
  }

  /** Pixel offset of {@code v} on an axis of {@code width}; log axes start at 0.1. */
  double scale(double v, double max, int width) {
    if (v <= 0 || max <= 0) {
      return 0;
    }
    if (!log) {
      return v / max * width;
    }
    double lo = Math.log10(0.1);
    double hi = Math.log10(Math.max(max, 1));
    return Math.max(0, (Math.log10(Math.max(v, 0.1)) - lo) / (hi - lo) * width);
  }

  double maxValue() {
    double max = 0;
    for (int row = 0; row < labels.size(); row++) {
      double sum = 0;
      for (Series s : series) {
        max = Math.max(max, s.values[row]);
        sum += s.values[row];
      }
      if (stacked) {
        max = Math.max(max, sum);
      }
    }
    if (log) {
      return Math.pow(10, Math.ceil(Math.log10(Math.max(max, 1))));
    }
    return niceCeiling(max);
  }

  List<Double> ticks(double max) {
    if (log) {
      List<Double> t = new java.util.ArrayList<>();
      for (double v = 0.1; v <= max * 1.0001; v *= 10) {
        t.add(v);
      }
      return t;
    }
    double step = max / 5;
    List<Double> t = new java.util.ArrayList<>();
    for (int i = 0; i <= 5; i++) {
      t.add(step * i);
    }
    return t;
  }

  static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= v) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }

  static String format(double v) {
    if (v == 0) {
      return "0";
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
