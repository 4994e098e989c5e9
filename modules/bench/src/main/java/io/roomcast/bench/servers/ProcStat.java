package io.roomcast.bench.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a process's utime and stime (all threads) from {@code /proc/<pid>/stat}, fields 14 and 15
 * in clock ticks (proc(5)). The command name (field 2) may hold spaces, so fields are counted from
 * its closing parenthesis.
 */
public final class ProcStat {
  /** USER_HZ; 100 on every mainstream Linux build (sysconf(_SC_CLK_TCK)). */
  static final long TICKS_PER_SECOND = ticks();

  private ProcStat() {}

  public static CpuTime read(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e.getMessage(), e);
    }
  }

  static CpuTime parse(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // f[0] is field 3 (state), so utime (14) is f[11] and stime (15) is f[12]
    long nanosPerTick = 1_000_000_000L / TICKS_PER_SECOND;
    return new CpuTime(Long.parseLong(f[11]) * nanosPerTick, Long.parseLong(f[12]) * nanosPerTick);
  }

  private static long ticks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).trim();
      p.waitFor();
      long t = Long.parseLong(out);
      return t > 0 ? t : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
