package io.roomcast.core.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.history.HistoryStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The roomcast API for verticles in the same cluster: publish events and ephemeral signals into
 * rooms, push to users, subscribe to rooms. Ingress and the bridges publish through it too, so
 * every door behaves the same.
 */
public interface RoomcastClient {
  /**
   * Bus header on room events that entered the cluster from outside (its value names where from,
   * e.g. a Redis origin). Events that originate in this cluster carry no such header, so mirrors
   * can send them out without echoing foreign events back.
   */
  String ORIGIN_HEADER = "roomcast-origin";

  /**
   * A client publishing through {@code history} (durable events get their seq there) and {@code
   * events}, counting what it publishes in {@code meters}. The node's wiring builds one and hands
   * it to the verticles that publish.
   */
  static RoomcastClient create(
      Vertx vertx, HistoryStore history, RoomEvents events, MeterRegistry meters) {
    return new DefaultRoomcastClient(vertx, history, events, meters);
  }

  /** Publishes a validated event: id, timestamp and (for durable types) the room's next seq. */
  Future<Envelope> publish(EventDraft draft);

  /**
   * Like {@link #publish(EventDraft)} for an event that entered from outside the cluster: the bus
   * messages carry {@link #ORIGIN_HEADER} = {@code origin}. A null origin means "from here".
   */
  Future<Envelope> publish(EventDraft draft, String origin);

  /**
   * {@link #publish(EventDraft)} from a door that knows whether the publishing connection is typing
   * in the room: a message ends the publisher's typing, and that stop goes to the presence service
   * only when {@code publisherTyping} is true (a command per message otherwise).
   */
  Future<Envelope> publish(EventDraft draft, boolean publisherTyping);

  /**
   * Publishes several events as {@link #publish(EventDraft)} each would, with the durable ones
   * stored together ({@link io.roomcast.core.history.HistoryStore#appendAll}); each room's events
   * keep the order given. The answer holds each draft's outcome at its index.
   */
  List<Future<Envelope>> publishAll(List<EventDraft> drafts);

  /**
   * The first half of {@link #publish(EventDraft, String)}, for a publisher that must survive its
   * own crash without publishing an event twice (the Redis relay in streams mode): gives {@code
   * event}, fresh from {@link EventDraft#toEnvelope()}, its place without publishing it. A durable
   * event is appended to its room's history (once per call) and comes back with seq and epoch; an
   * ephemeral one comes back as it is.
   */
  Future<Envelope> stamp(Envelope event);

  /**
   * The second half: puts an envelope from {@link #stamp} on the bus exactly as it is, without a
   * new id, seq or history append. Publishing the same envelope again repeats the event under the
   * same id and seq, and nodes deliver a durable seq to their connections once.
   */
  void publishStamped(Envelope stamped, String origin);

  /** {@code typing.start} / {@code typing.stop}, through the presence service when deployed. */
  Future<Void> publishTyping(String room, String user, String connection, boolean typing);

  /** {@code online}, {@code away} or {@code offline} for a user in a room. */
  Future<Void> publishPresence(String room, String user, String connection, String status);

  /** A read receipt: the user read the room up to {@code eventId}. */
  Future<Void> publishRead(String room, String user, String connection, String eventId);

  /** Pushes to every connection of a user on any node (each node is asked once). */
  default Future<Envelope> pushToUser(String user, String type, JsonObject data) {
    return pushToUser(user, type, data, null);
  }

  /**
   * {@link #pushToUser(String, String, JsonObject)} with an HTML fragment ({@code html} null:
   * none).
   */
  Future<Envelope> pushToUser(String user, String type, JsonObject data, String html);

  /** Subscribes to a room's events; the future holds a subscription id for {@link #unsubscribe}. */
  Future<String> subscribe(String room, Handler<Envelope> handler);

  Future<Void> unsubscribe(String subscriptionId);
}
