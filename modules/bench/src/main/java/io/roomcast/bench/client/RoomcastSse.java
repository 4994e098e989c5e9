package io.roomcast.bench.client;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.parsetools.RecordParser;

/**
 * roomcast's SSE stream {@code GET /rooms/{room}/events?token=…}: ready on the first {@code data:}
 * line (the snapshot, sent once the subscription is in place); each later {@code data:} line is an
 * envelope.
 */
public final class RoomcastSse implements Transport {
  private static final byte[] DATA = WsTransport.ascii("data:");

  private final Clients clients;
  private final String secret;

  public RoomcastSse(Clients clients, String jwtSecret) {
    this.clients = clients;
    this.secret = jwtSecret;
  }

  @Override
  public String name() {
    return "sse";
  }

  @Override
  public Future<Connection> open(Subscriber s) {
    Promise<Void> ready = Promise.promise();
    String uri = "/rooms/" + s.room() + "/events?token=" + Jwt.allRooms(secret, s.user());
    return clients
        .streams()
        .request(HttpMethod.GET, s.port(), Clients.HOST, uri)
        .compose(
            req -> {
              req.putHeader("Accept", "text/event-stream");
              HttpConnection connection = req.connection();
              return req.send()
                  .compose(resp -> stream(resp, s, ready))
                  .map(v -> (Connection) () -> connection.close());
            })
        .onFailure(err -> s.failed(String.valueOf(err.getMessage())));
  }

  private Future<Void> stream(HttpClientResponse resp, Subscriber s, Promise<Void> ready) {
    if (resp.statusCode() != 200) {
      return resp.body().compose(b -> Future.failedFuture("HTTP " + resp.statusCode() + ": " + b));
    }
    s.opened();
    resp.handler(RecordParser.newDelimited("\n", line -> onLine(line, s, ready)));
    resp.endHandler(v -> s.closed());
    resp.exceptionHandler(err -> s.closed());
    return ready.future();
  }

  private static void onLine(Buffer line, Subscriber s, Promise<Void> ready) {
    if (line.length() < DATA.length || Probe.indexOf(line, DATA, 0) != 0) {
      return;
    }
    if (!ready.tryComplete()) {
      s.onMessage(line);
    }
  }
}
