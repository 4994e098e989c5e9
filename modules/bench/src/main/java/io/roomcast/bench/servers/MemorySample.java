package io.roomcast.bench.servers;

/**
 * A server's retained memory: heap (JVM: used after a full GC; Node: heapUsed after gc()) and
 * off-heap (JVM: NMT "Other", where direct buffers and Netty's unsafe allocations are counted;
 * Node: external, which includes array buffers).
 */
public record MemorySample(long heapBytes, long offHeapBytes) {
  public long totalBytes() {
    return heapBytes + offHeapBytes;
  }

  public MemorySample minus(MemorySample before) {
    return new MemorySample(heapBytes - before.heapBytes, offHeapBytes - before.offHeapBytes);
  }

  public MemorySample plus(MemorySample other) {
    return new MemorySample(heapBytes + other.heapBytes, offHeapBytes + other.offHeapBytes);
  }
}
