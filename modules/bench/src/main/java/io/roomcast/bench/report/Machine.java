package io.roomcast.bench.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The machine a report was measured on, read from /proc and the runtimes themselves. */
public final class Machine {
  private Machine() {}

  public static JsonObject describe() {
    return new JsonObject()
        .put("cpu", cpuModel())
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("memory", memTotal())
        .put("kernel", read("/proc/sys/kernel/osrelease").trim())
        .put("java", System.getProperty("java.vm.name") + " " + Runtime.version())
        .put("node", command("node", "--version"));
  }

  public static String oneLine(JsonObject m) {
    return m.getInteger("cores")
        + " cores ("
        + m.getString("cpu")
        + "), "
        + m.getString("memory")
        + ", Linux "
        + m.getString("kernel")
        + ", "
        + m.getString("java")
        + ", Node "
        + m.getString("node");
  }

  private static String cpuModel() {
    for (String line : read("/proc/cpuinfo").split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static String memTotal() {
    for (String line : read("/proc/meminfo").split("\n")) {
      if (line.startsWith("MemTotal:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return Math.round(kb / 1024.0 / 1024.0) + " GiB";
      }
    }
    return "unknown";
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      return "";
    }
  }

  private static String command(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return out.startsWith("v") ? out.substring(1) : out;
    } catch (IOException e) {
      return "not found";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
