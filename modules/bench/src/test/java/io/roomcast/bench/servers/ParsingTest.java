package io.roomcast.bench.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ParsingTest {
  @Test
  void proc_stat_fields_are_counted_from_the_commands_closing_parenthesis() {
    String stat =
        "4242 (java (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 40 0 1"
            + " 1000 100 18446744073709551615";
    CpuTime t = ProcStat.parse(stat);
    long tick = 1_000_000_000L / ProcStat.TICKS_PER_SECOND;
    assertEquals(250 * tick, t.userNanos());
    assertEquals(75 * tick, t.systemNanos());
  }

  @Test
  void heap_use_is_read_from_g1_heap_info() {
    String info =
        "12345:\n garbage-first heap   total 262144K, used 21504K [0x0000000700000000,"
            + " 0x0000000800000000)\n  region size 1024K, 2 young (2048K), 0 survivors (0K)\n";
    assertEquals(21504L * 1024, JvmProbe.heapUsed(info));
  }

  @Test
  void direct_memory_is_nmt_other_committed() {
    String nmt =
        "Native Memory Tracking:\n\n-                     Other (reserved=6144KB, committed=4096KB)\n"
            + "                            (malloc=4096KB #12)\n";
    assertEquals(4096L * 1024, JvmProbe.nmtOther(nmt));
    assertEquals(0, JvmProbe.nmtOther("Native memory tracking is not enabled"));
  }
}
