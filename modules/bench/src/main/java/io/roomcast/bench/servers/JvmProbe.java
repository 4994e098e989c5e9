package io.roomcast.bench.servers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks to a server JVM through {@code jcmd}: full GC then heap use, NMT's "Other" category (direct
 * memory; the server must run with {@code -XX:NativeMemoryTracking=summary}), and JFR recordings
 * around the measured window. Blocking: call from the run's main thread only.
 */
public final class JvmProbe {
  private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
  private static final Pattern NMT_OTHER =
      Pattern.compile("Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

  private final long pid;

  public JvmProbe(long pid) {
    this.pid = pid;
  }

  public MemorySample memoryAfterGc() {
    jcmd("GC.run");
    return new MemorySample(
        heapUsed(jcmd("GC.heap_info")), nmtOther(jcmd("VM.native_memory", "summary")));
  }

  public void startRecording() {
    jcmd("JFR.start", "name=bench", "settings=profile", "method-profiling=max");
  }

  public void stopRecording(Path file) {
    jcmd("JFR.stop", "name=bench", "filename=" + file.toAbsolutePath());
  }

  static long heapUsed(String heapInfo) {
    Matcher m = HEAP_USED.matcher(heapInfo);
    if (!m.find()) {
      throw new IllegalStateException("no heap use in GC.heap_info output: " + heapInfo);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  /** 0 when NMT is off (then off-heap is not measured). */
  static long nmtOther(String summary) {
    Matcher m = NMT_OTHER.matcher(summary);
    return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
  }

  private String jcmd(String... command) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    cmd.add(Long.toString(pid));
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run jcmd: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
