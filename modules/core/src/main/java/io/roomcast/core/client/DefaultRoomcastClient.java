package io.roomcast.core.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.Addresses;
import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.bus.BusError;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.event.EventIds;
import io.roomcast.core.event.EventJson;
import io.roomcast.core.event.EventTypes;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.metrics.Meters;
import io.roomcast.core.presence.PresenceCommand;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

final class DefaultRoomcastClient implements RoomcastClient {
  private static final Set<String> STATUSES = Set.of("online", "away", "offline");
  private static final DeliveryOptions PRESENCE_TIMEOUT =
      new DeliveryOptions().setSendTimeout(5000);

  private final HistoryStore history;
  private final RoomEvents events;
  private final Pushes pushes;
  private final EventBus bus;
  private final Map<String, MessageConsumer<JsonObject>> subscriptions = new ConcurrentHashMap<>();
  private final Counter durable;
  private final Counter ephemeral;

  DefaultRoomcastClient(
      Vertx vertx, HistoryStore history, RoomEvents events, MeterRegistry registry) {
    this.history = history;
    this.events = events;
    this.pushes = new Pushes(vertx);
    this.bus = vertx.eventBus();
    this.durable = published(registry, "durable");
    this.ephemeral = published(registry, "ephemeral");
    PresenceCommand.registerCodecs(vertx);
    BusError.register(vertx);
  }

  @Override
  public Future<Envelope> publish(EventDraft draft) {
    return publish(draft, null);
  }

  @Override
  public Future<Envelope> publish(EventDraft draft, String origin) {
    return published(draft, origin, true);
  }

  @Override
  public Future<Envelope> publish(EventDraft draft, boolean publisherTyping) {
    return published(draft, null, publisherTyping);
  }

  /**
   * Stores a durable draft's event (an unstored one gets no seq), then puts it on the bus. Its JSON
   * is written once: history keeps that text, and the bus carries it with the position added.
   *
   * @param endTyping whether the publisher may be typing (a message then ends it)
   */
  private Future<Envelope> published(EventDraft draft, String origin, boolean endTyping) {
    Envelope e = draft.toEnvelope();
    String unplaced = EventJson.unplaced(e);
    Future<Envelope> placed =
        stored(draft)
            ? history.append(e, unplaced).recover(err -> Future.failedFuture(unavailable()))
            : Future.succeededFuture(e);
    return placed.onSuccess(stamped -> publishPlaced(stamped, origin, unplaced, endTyping));
  }

  /** Puts a placed event on the bus with its JSON ({@code unplaced} plus its position). */
  private void publishPlaced(Envelope stamped, String origin, String unplaced, boolean endTyping) {
    publishEnvelope(stamped, origin, EventJson.placed(unplaced, stamped));
    count(stamped);
    if (endTyping) {
      endTypingOf(stamped);
    }
  }

  private static boolean stored(EventDraft draft) {
    return draft.store() && EventTypes.isDurable(draft.type());
  }

  @Override
  public List<Future<Envelope>> publishAll(List<EventDraft> drafts) {
    List<Envelope> durable = new ArrayList<>(drafts.size());
    List<String> durableJson = new ArrayList<>(drafts.size());
    List<Envelope> envelopes = new ArrayList<>(drafts.size());
    List<String> texts = new ArrayList<>(drafts.size());
    for (EventDraft draft : drafts) {
      Envelope e = draft.toEnvelope();
      String unplaced = EventJson.unplaced(e);
      envelopes.add(e);
      texts.add(unplaced);
      if (stored(draft)) {
        durable.add(e);
        durableJson.add(unplaced);
      }
    }
    List<Future<Envelope>> stored =
        durable.isEmpty() ? List.of() : history.appendAll(durable, durableJson);
    List<Future<Envelope>> out = new ArrayList<>(drafts.size());
    int next = 0;
    for (int i = 0; i < envelopes.size(); i++) {
      Envelope e = envelopes.get(i);
      String unplaced = texts.get(i);
      Future<Envelope> stamped =
          stored(drafts.get(i))
              ? stored.get(next++).recover(err -> Future.failedFuture(unavailable()))
              : Future.succeededFuture(e);
      out.add(stamped.onSuccess(s -> publishPlaced(s, null, unplaced, true)));
    }
    return out;
  }

  private static RuntimeException unavailable() {
    return ErrorCode.UNAVAILABLE.exception("room history is unavailable; retry");
  }

  private void count(Envelope stamped) {
    (stamped.seq() != null ? durable : ephemeral).increment();
  }

  @Override
  public Future<Envelope> stamp(Envelope event) {
    return EventTypes.isDurable(event.type()) ? stored(event) : Future.succeededFuture(event);
  }

  @Override
  public void publishStamped(Envelope stamped, String origin) {
    publishEnvelope(stamped, origin);
    count(stamped);
    endTypingOf(stamped);
  }

  private static Counter published(MeterRegistry registry, String kind) {
    return Counter.builder(Meters.EVENTS_PUBLISHED)
        .description("room events this node put on the bus")
        .tag(Meters.TAG_KIND, kind)
        .register(registry);
  }

  /**
   * Gives a durable event its seq by storing it in the room's history: once a publish is accepted
   * the event is in history, and a failed store publishes nothing (the seq is not used up).
   */
  private Future<Envelope> stored(Envelope envelope) {
    return history.append(envelope).recover(err -> Future.failedFuture(unavailable()));
  }

  private void publishEnvelope(Envelope e) {
    publishEnvelope(e, null);
  }

  /** Puts a finished envelope on its room address and on the wildcard namespaces it belongs to. */
  private void publishEnvelope(Envelope e, String origin) {
    publishEnvelope(e, origin, EventJson.of(e));
  }

  private void publishEnvelope(Envelope e, String origin, String text) {
    DeliveryOptions options = new DeliveryOptions();
    if (origin != null) {
      options.addHeader(ORIGIN_HEADER, origin);
    }
    events.publish(e, options, text);
  }

  private void endTypingOf(Envelope e) {
    if (e.user() != null && EventTypes.MESSAGE.equals(e.type())) {
      command(new PresenceCommand.Published(e.room(), e.user(), e.connection()))
          .recover(err -> Future.succeededFuture());
    }
  }

  @Override
  public Future<Void> publishTyping(String room, String user, String connection, boolean typing) {
    return signal(
        room,
        user,
        connection,
        new PresenceCommand.Typing(room, user, connection, typing),
        typing ? EventTypes.TYPING_START : EventTypes.TYPING_STOP,
        new JsonObject());
  }

  @Override
  public Future<Void> publishPresence(String room, String user, String connection, String status) {
    if (!STATUSES.contains(status)) {
      return Future.failedFuture(
          ErrorCode.INVALID_DATA.exception("'status' must be online, away or offline"));
    }
    return signal(
        room,
        user,
        connection,
        new PresenceCommand.Status(room, user, connection, status),
        "presence." + status,
        new JsonObject());
  }

  @Override
  public Future<Void> publishRead(String room, String user, String connection, String eventId) {
    if (eventId == null || eventId.isEmpty() || eventId.length() > 64) {
      return Future.failedFuture(
          ErrorCode.INVALID_DATA.exception("'event_id' must be a non-empty string"));
    }
    return signal(
        room,
        user,
        connection,
        new PresenceCommand.Read(room, user, connection, eventId),
        EventTypes.READ,
        new JsonObject().put("event_id", eventId));
  }

  /**
   * Hands an ephemeral signal to the presence service, which owns its state and decides what to
   * broadcast. On a cluster without one, the signal is published as a plain event.
   */
  private Future<Void> signal(
      String room,
      String user,
      String connection,
      PresenceCommand cmd,
      String type,
      JsonObject data) {
    try {
      Ids.requireRoom(room);
      Ids.requireUser(user);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return command(cmd)
        .recover(
            err -> {
              if (err instanceof ReplyException re
                  && re.failureType() == ReplyFailure.NO_HANDLERS) {
                publishEnvelope(
                    new Envelope(
                        EventIds.next(), room, type, user, connection, data, Instant.now(), null));
                return Future.succeededFuture();
              }
              return Future.failedFuture(err);
            });
  }

  private Future<Void> command(PresenceCommand cmd) {
    return bus.request(Addresses.PRESENCE_COMMAND, cmd, PRESENCE_TIMEOUT).mapEmpty();
  }

  @Override
  public Future<Envelope> pushToUser(String user, String type, JsonObject data, String html) {
    try {
      Ids.requireUser(user);
      Ids.requireType(type);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Envelope e = Pushes.envelope(type, data, html);
    return pushes.toUser(user, e).map(e);
  }

  @Override
  public Future<String> subscribe(String room, Handler<Envelope> handler) {
    try {
      Ids.requireRoom(room);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String id = EventIds.next();
    MessageConsumer<JsonObject> consumer =
        bus.consumer(Addresses.room(room), msg -> handler.handle(Envelope.fromJson(msg.body())));
    subscriptions.put(id, consumer);
    return consumer.completion().map(id);
  }

  @Override
  public Future<Void> unsubscribe(String subscriptionId) {
    MessageConsumer<JsonObject> consumer = subscriptions.remove(subscriptionId);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
