package io.roomcast.bench.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Busy CPU time of the whole machine ({@code /proc/stat}: user, nice, system, irq, softirq, steal),
 * so a run can tell how much of the two cores other work took while it measured. The box may be
 * shared (builds, other tests), and that load inflates latency, not the server's own CPU.
 */
public final class MachineLoad {
  private MachineLoad() {}

  public static long busyNanos() {
    try {
      return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
    } catch (IOException e) {
      return 0;
    }
  }

  static long parse(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long ticks = 0;
    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
      ticks += Long.parseLong(f[i]);
    }
    return ticks * (1_000_000_000L / ProcStat.TICKS_PER_SECOND);
  }

  /** This generator's own CPU time. */
  public static CpuTime self() {
    return ProcStat.read(ProcessHandle.current().pid());
  }

  /**
   * Cores busy with anything but {@code processes} and this generator, sampled over {@code millis}.
   */
  public static double otherCores(List<ServerProcess> processes, long millis) {
    Snapshot before = Snapshot.take(processes);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Snapshot.take(processes).otherCoresSince(before);
  }

  /** Machine, server and generator CPU at one instant. */
  public record Snapshot(long wallNanos, long machineBusy, CpuTime servers, CpuTime generator) {
    public static Snapshot take(List<ServerProcess> processes) {
      CpuTime servers = CpuTime.ZERO;
      for (ServerProcess p : processes) {
        servers = servers.plus(p.cpu());
      }
      return new Snapshot(System.nanoTime(), busyNanos(), servers, self());
    }

    public double otherCoresSince(Snapshot before) {
      long other =
          (machineBusy - before.machineBusy)
              - servers.minus(before.servers).totalNanos()
              - generator.minus(before.generator).totalNanos();
      return Math.max(0, other) / (double) Math.max(1, wallNanos - before.wallNanos);
    }
  }
}
