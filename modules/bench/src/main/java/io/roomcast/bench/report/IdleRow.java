package io.roomcast.bench.report;

import io.roomcast.bench.servers.CpuTime;
import io.roomcast.bench.servers.MemorySample;
import io.vertx.core.json.JsonObject;

/**
 * Idle connections held open: memory they retain and CPU spent keeping them (pings).
 *
 * @param growth retained memory with the connections open minus before, both after a full GC
 * @param cpu server CPU time during the hold
 */
public record IdleRow(
    String target,
    String transport,
    int requested,
    int connected,
    int aliveAfterHold,
    double holdSeconds,
    MemorySample before,
    MemorySample growth,
    CpuTime cpu) {

  public String label() {
    return target + " " + transport;
  }

  public double bytesPerConnection() {
    return connected == 0 ? 0 : (double) growth.totalBytes() / connected;
  }

  public double heapBytesPerConnection() {
    return connected == 0 ? 0 : (double) growth.heapBytes() / connected;
  }

  public double offHeapBytesPerConnection() {
    return connected == 0 ? 0 : (double) growth.offHeapBytes() / connected;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("label", label())
        .put("target", target)
        .put("transport", transport)
        .put("requested", requested)
        .put("connected", connected)
        .put("aliveAfterHold", aliveAfterHold)
        .put("holdSeconds", holdSeconds)
        .put("heapBeforeBytes", before.heapBytes())
        .put("offHeapBeforeBytes", before.offHeapBytes())
        .put("heapGrowthBytes", growth.heapBytes())
        .put("offHeapGrowthBytes", growth.offHeapBytes())
        .put("bytesPerConnection", Math.round(bytesPerConnection()))
        .put("heapBytesPerConnection", Math.round(heapBytesPerConnection()))
        .put("offHeapBytesPerConnection", Math.round(offHeapBytesPerConnection()))
        .put("holdCpuMs", cpu.totalNanos() / 1_000_000);
  }
}
