package io.roomcast.bench.servers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntPredicate;

/** Waits, on the main thread, until a started server answers over HTTP. */
public final class Ready {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private Ready() {}

  /** Polls {@code GET http://127.0.0.1:port/path} until {@code ok} accepts the status. */
  public static void await(
      ServerProcess process, int port, String path, IntPredicate ok, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    URI uri = URI.create("http://127.0.0.1:" + port + path);
    int last = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            process.name() + " exited while starting; log tail:\n" + process.logTail());
      }
      try {
        last = get(uri).statusCode();
        if (ok.test(last)) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(200);
    }
    throw new IllegalStateException(
        process.name()
            + " not ready on "
            + uri
            + " (last status "
            + last
            + "); log tail:\n"
            + process.logTail());
  }

  public static HttpResponse<String> get(URI uri) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
