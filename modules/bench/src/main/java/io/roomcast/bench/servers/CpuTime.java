package io.roomcast.bench.servers;

/** CPU time a process has used, split as the kernel accounts it (utime, stime). */
public record CpuTime(long userNanos, long systemNanos) {
  public static final CpuTime ZERO = new CpuTime(0, 0);

  public CpuTime minus(CpuTime earlier) {
    return new CpuTime(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
  }

  public CpuTime plus(CpuTime other) {
    return new CpuTime(userNanos + other.userNanos, systemNanos + other.systemNanos);
  }

  public long totalNanos() {
    return userNanos + systemNanos;
  }
}
