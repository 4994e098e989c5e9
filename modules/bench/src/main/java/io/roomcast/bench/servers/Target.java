package io.roomcast.bench.servers;

import io.roomcast.bench.client.PublishTarget;
import java.util.List;

/** A system under test that the harness started: where to publish, where to subscribe. */
public interface Target extends AutoCloseable {
  String name();

  PublishTarget publish();

  /** Ports subscribers connect to, used in turn. */
  List<Integer> edgePorts();

  /**
   * Ports chat members connect to: every node's edge (a room's members are spread over them). A
   * cluster that keeps a node for publishing only still lets members on it.
   */
  default List<Integer> memberPorts() {
    return edgePorts();
  }

  List<ServerProcess> processes();

  /** Retained memory of all its processes after a full GC. */
  MemorySample memory();

  /** CPU time of all its processes so far. */
  default CpuTime cpu() {
    CpuTime sum = CpuTime.ZERO;
    for (ServerProcess p : processes()) {
      sum = sum.plus(p.cpu());
    }
    return sum;
  }

  @Override
  default void close() {
    processes().forEach(ServerProcess::close);
  }
}
