package io.roomcast.bench.client;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * Publishes one event per request, rooms in turn; a 1 ms tick sends whatever is due. A publish
 * counts as accepted when it is answered 202.
 */
public final class Publisher extends HttpSource {
  private static final int POOL = 32;

  private final PublishTarget target;

  public Publisher(
      Vertx vertx,
      Context context,
      PublishTarget target,
      List<String> rooms,
      double ratePerSecond,
      int payloadBytes) {
    super(vertx, context, rooms, ratePerSecond, payloadBytes, POOL, 1, 1);
    this.target = target;
  }

  @Override
  protected void publish(long n, int count, boolean measured) {
    int room = (int) (sent % rooms.size());
    sent++;
    inFlight++;
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setPort(target.port())
            .setHost(Clients.HOST)
            .setURI(target.path(rooms.get(room)))
            .putHeader("Content-Type", "application/json");
    if (target.authorization() != null) {
      request.putHeader("Authorization", target.authorization());
    }
    Buffer body = Buffer.buffer(payloads.body(System.nanoTime(), measured, n));
    http.request(request)
        .compose(req -> req.send(body))
        .compose(
            resp ->
                resp.body().map(b -> resp.statusCode() == 202 ? null : resp.statusCode() + " " + b))
        .onComplete(
            (error, err) -> {
              inFlight--;
              if (err != null || error != null) {
                failed++;
                lastError = err != null ? err.getMessage() : error;
              } else if (measured) {
                accepted[room]++;
              }
            });
  }
}
