package io.roomcast.bench.client;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes at a steady rate through roomcast's batch endpoint {@code POST /api/publish}: every
 * {@value #TICK_MILLIS} ms, the events due (rooms in turn, at most 1000) go out in one request,
 * each stamped with its send time. An event counts as accepted when its result carries an id.
 */
public final class BatchPublisher extends HttpSource {
  static final long TICK_MILLIS = 10;
  static final int MAX_EVENTS = 1000;
  private static final int POOL = 8;

  private final int port;
  private final String authorization;

  public BatchPublisher(
      Vertx vertx,
      Context context,
      int apiPort,
      String authorization,
      List<String> rooms,
      double ratePerSecond,
      int payloadBytes) {
    super(vertx, context, rooms, ratePerSecond, payloadBytes, POOL, TICK_MILLIS, MAX_EVENTS);
    this.port = apiPort;
    this.authorization = authorization;
  }

  @Override
  protected void publish(long first, int count, boolean measured) {
    List<Integer> roomOf = new ArrayList<>(count);
    StringBuilder body = new StringBuilder(count * 200).append("{\"events\":[");
    long now = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int room = (int) (sent % rooms.size());
      roomOf.add(room);
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"room\":\"")
          .append(rooms.get(room))
          .append("\",\"type\":\"message\",\"data\":")
          .append(payloads.data(now, measured, sent))
          .append('}');
      sent++;
    }
    body.append("]}");
    inFlight++;
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setPort(port)
            .setHost(Clients.HOST)
            .setURI("/api/publish")
            .putHeader("Content-Type", "application/json")
            .putHeader("Authorization", authorization);
    http.request(request)
        .compose(req -> req.send(Buffer.buffer(body.toString())))
        .compose(resp -> resp.body().map(b -> answer(resp.statusCode(), b, roomOf, measured)))
        .onComplete(
            (v, err) -> {
              inFlight--;
              if (err != null) {
                failed += count;
                lastError = err.getMessage();
              }
            });
  }

  private Void answer(int status, Buffer body, List<Integer> roomOf, boolean measured) {
    if (status != 200) {
      failed += roomOf.size();
      lastError = status + " " + body;
      return null;
    }
    JsonArray results = new JsonObject(body).getJsonArray("results");
    for (int i = 0; i < roomOf.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      if (r.containsKey("error")) {
        failed++;
        lastError = r.encode();
      } else if (measured) {
        accepted[roomOf.get(i)]++;
      }
    }
    return null;
  }
}
