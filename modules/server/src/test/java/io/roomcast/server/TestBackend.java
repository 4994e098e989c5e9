package io.roomcast.server;

import io.roomcast.testing.Await;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A real HTTP backend for tests, on its own Vert.x and a free port: every request it gets is kept
 * (path, headers, raw body) and answered by whatever the test set for its path; an answer that
 * never ends the response is a backend that hangs.
 */
final class TestBackend implements AutoCloseable {
  record Call(String path, MultiMap headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
  private final List<Call> all = new CopyOnWriteArrayList<>();
  private volatile BiConsumer<Call, HttpServerResponse> answer =
      (call, response) -> response.setStatusCode(404).end();

  TestBackend() {
    server =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    request ->
                        request
                            .body()
                            .onSuccess(
                                body -> {
                                  MultiMap headers = MultiMap.caseInsensitiveMultiMap();
                                  headers.addAll(request.headers());
                                  Call call = new Call(request.path(), headers, body.toString());
                                  all.add(call);
                                  calls.add(call);
                                  answer.accept(call, request.response());
                                }))
                .listen(0, "127.0.0.1"));
  }

  void answer(BiConsumer<Call, HttpServerResponse> answer) {
    this.answer = answer;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  Call next(Duration timeout) {
    try {
      Call c = calls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (c == null) {
        throw new AssertionError("the backend got no request within " + timeout);
      }
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every request to {@code path} so far. */
  List<Call> calls(String path) {
    return all.stream().filter(c -> c.path().equals(path)).toList();
  }

  static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
