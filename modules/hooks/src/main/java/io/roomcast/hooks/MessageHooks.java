package io.roomcast.hooks;

import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.core.hooks.HookEvents;
import io.vertx.core.Future;
import java.util.List;

/**
 * The node's history store, emitting the {@code message} webhook for every event it stores: an
 * event is appended exactly once, by the node that accepted it, so this is its one place in the
 * cluster. {@code data} is the stored envelope, {@code seq} included.
 */
public final class MessageHooks implements HistoryStore {
  static final String EVENT = "message";

  private final HistoryStore store;
  private final HookEvents hooks;

  private MessageHooks(HistoryStore store, HookEvents hooks) {
    this.store = store;
    this.hooks = hooks;
  }

  /** {@code store} itself when no webhook wants {@code message}: nothing costs more then. */
  public static HistoryStore around(HistoryStore store, HookEvents hooks) {
    return hooks.wants(EVENT) ? new MessageHooks(store, hooks) : store;
  }

  @Override
  public Future<Void> start() {
    return store.start();
  }

  @Override
  public Future<Envelope> append(Envelope event) {
    return store.append(event).onSuccess(this::stored);
  }

  @Override
  public Future<Envelope> append(Envelope event, String unplacedJson) {
    return store.append(event, unplacedJson).onSuccess(this::stored);
  }

  @Override
  public List<Future<Envelope>> appendAll(List<Envelope> events, List<String> unplacedJson) {
    List<Future<Envelope>> out = store.appendAll(events, unplacedJson);
    out.forEach(f -> f.onSuccess(this::stored));
    return out;
  }

  private void stored(Envelope e) {
    hooks.emit(EVENT, e.room(), e.user(), e.toJson());
  }

  @Override
  public Future<HistoryPage> read(String room, long since, int limit) {
    return store.read(room, since, limit);
  }

  @Override
  public Future<StreamPosition> position(String room) {
    return store.position(room);
  }

  @Override
  public Future<Void> delete(String room) {
    return store.delete(room);
  }
}
