package io.roomcast.ingress;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.config.LimitsConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.http.Bodies;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.core.rooms.RoomDirectory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/publish} (API key): {@code {"events":[{room, type, data?, html?, store?}, …]}},
 * 1–{@value #MAX_EVENTS} events, answered {@code 200 {"results":[…]}} in the same order. Each event
 * is validated and published on its own, so one bad event fails only its own result; events of one
 * room are stored one after the other in batch order (their seqs follow that order), while
 * different rooms proceed concurrently.
 */
final class BatchPublishRoute {
  static final int MAX_EVENTS = 1000;

  private final Authenticator auth;
  private final RoomcastClient client;
  private final LimitsConfig limits;
  private final RoomDirectory rooms;

  BatchPublishRoute(
      Authenticator auth, RoomcastClient client, LimitsConfig limits, RoomDirectory rooms) {
    this.rooms = rooms;
    this.auth = auth;
    this.client = client;
    this.limits = limits;
  }

  void handle(RoutingContext ctx) {
    auth.backend(Authenticator.bearer(ctx.request()))
        .map(
            who -> {
              if (!who.service()) {
                throw ErrorCode.FORBIDDEN.exception("batch publishing needs the API key");
              }
              return events(Bodies.object(ctx.body().buffer()));
            })
        .compose(this::publishAll)
        .onSuccess(results -> reply(ctx, results))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private static JsonArray events(JsonObject body) {
    if (!(body.getValue("events") instanceof JsonArray events)) {
      throw ErrorCode.INVALID_REQUEST.exception("'events' must be an array of events");
    }
    if (events.isEmpty() || events.size() > MAX_EVENTS) {
      throw ErrorCode.INVALID_REQUEST.exception(
          "'events' must hold 1 to " + MAX_EVENTS + " events, not " + events.size());
    }
    return events;
  }

  /** Publishes every valid event; each room's events are stored in the order of the batch. */
  private Future<List<JsonObject>> publishAll(JsonArray events) {
    List<Future<Envelope>> published = new ArrayList<>(events.size());
    List<EventDraft> drafts = new ArrayList<>(events.size());
    List<Integer> at = new ArrayList<>(events.size());
    for (Object value : events) {
      try {
        drafts.add(draft(value));
        at.add(published.size());
        published.add(null);
      } catch (RoomcastException e) {
        published.add(Future.failedFuture(e));
      }
    }
    List<Future<Envelope>> outcomes = client.publishAll(drafts);
    for (int i = 0; i < outcomes.size(); i++) {
      published.set(at.get(i), outcomes.get(i));
    }
    return Future.join(published).transform(all -> Future.succeededFuture(results(published)));
  }

  /** Validates one event as a single publish would, plus the room it names. */
  private EventDraft draft(Object value) {
    if (!(value instanceof JsonObject event)) {
      throw ErrorCode.INVALID_REQUEST.exception("each event must be a JSON object");
    }
    if (!(event.getValue("room") instanceof String room)) {
      throw ErrorCode.INVALID_ROOM.exception("'room' must be a string");
    }
    EventDraft draft = EventDraft.parse(room, event, null, null, limits);
    if (!rooms.knownHere(room)) {
      throw ErrorCode.ROOM_NOT_FOUND.exception("room '" + room + "' does not exist");
    }
    return draft;
  }

  private static List<JsonObject> results(List<Future<Envelope>> published) {
    List<JsonObject> results = new ArrayList<>(published.size());
    for (Future<Envelope> f : published) {
      results.add(f.succeeded() ? accepted(f.result()) : refused(f.cause()));
    }
    return results;
  }

  private static JsonObject accepted(Envelope e) {
    JsonObject json = new JsonObject().put("id", e.id());
    if (e.seq() != null) {
      json.put("seq", e.seq());
    }
    return json;
  }

  private static JsonObject refused(Throwable cause) {
    return new JsonObject().put("error", RoomcastException.of(cause).toJson());
  }

  private static void reply(RoutingContext ctx, List<JsonObject> results) {
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("results", new JsonArray(new ArrayList<>(results))).toBuffer());
  }
}
