package io.roomcast.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JfrSubsystemsTest {
  @Test
  void the_innermost_named_frame_wins() {
    List<String> frames =
        List.of(
            "com.fasterxml.jackson.core.json.UTF8JsonGenerator.writeString",
            "io.roomcast.core.event.Envelope.toJson",
            "io.roomcast.edge.hub.Topic.deliver",
            "io.netty.channel.epoll.EpollIoHandler.run");
    assertEquals(
        "fan-out: event encoding (EncodedEvent, WsEncoding, Envelope.toJson)",
        JfrSubsystems.classify(frames, "vert.x-eventloop-thread-1"));
  }

  @Test
  void generic_buckets_take_only_samples_without_a_specific_frame() {
    List<String> inNettyUnderTheWriter =
        List.of(
            "io.netty.buffer.AbstractByteBuf.writeBytes",
            "io.roomcast.edge.wire.ChannelWire.write",
            "io.netty.channel.epoll.EpollIoHandler.run");
    assertEquals(
        "socket writes and flushes",
        JfrSubsystems.classify(inNettyUnderTheWriter, "vert.x-eventloop-thread-0"));
    assertEquals(
        "netty (epoll loop, read)",
        JfrSubsystems.classify(
            List.of("io.netty.channel.epoll.Native.epollWait"), "vert.x-eventloop-thread-0"));
    assertEquals("other", JfrSubsystems.classify(List.of("java.lang.Thread.run"), "main"));
  }

  @Test
  void partition_thread_samples_are_shown_apart() {
    List<String> sweep =
        List.of(
            "com.hazelcast.internal.util.HashUtil.MurmurHash3_x86_32",
            "com.hazelcast.map.impl.operation.PartitionWideEntryOperation.runInternal");
    assertEquals(
        "[hz partition threads] presence expiry sweep (executeOnEntries each sweep)",
        JfrSubsystems.classify(sweep, "hz.dev.partition-operation.thread-1"));
  }
}
