package io.roomcast.history;

import io.roomcast.core.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests to other history members over the clustered bus. Appends and copies are committed in
 * groups: every part for the same member and kind asked during one event-loop turn goes in one
 * message ({@code {"op", "parts": [...]}}), answered by one reply whose {@code parts} are in the
 * same order. A caller off the event loop sends its part alone. Answers come back on the caller's
 * event loop.
 */
final class PeerLink {
  static final String OP = "op";
  static final String PARTS = "parts";
  private static final long TIMEOUT_MS = 3_000;
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);

  private final Vertx vertx;
  private final EventBus bus;

  /** Each event-loop thread's open groups, by member and kind. */
  private final ThreadLocal<Map<String, Group>> open = ThreadLocal.withInitial(HashMap::new);

  PeerLink(Vertx vertx) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
  }

  /** One request on its own (hand-overs, reads, deletes). */
  Future<JsonObject> ask(String member, JsonObject body) {
    return bus.<JsonObject>request(Addresses.historyMember(member), body, OPTIONS)
        .map(Message::body);
  }

  /** One part of a grouped request of kind {@code op} to {@code member}: its own answer. */
  Future<JsonObject> part(String member, String op, JsonObject part) {
    if (!Context.isOnEventLoopThread()) {
      return ask(member, new JsonObject().put(OP, op).put(PARTS, new JsonArray().add(part)))
          .map(reply -> reply.getJsonArray(PARTS).getJsonObject(0));
    }
    Map<String, Group> groups = open.get();
    String key = op + ' ' + member;
    Group group = groups.get(key);
    if (group == null) {
      Group created = new Group(member, op);
      groups.put(key, created);
      vertx.getOrCreateContext().runOnContext(v -> send(groups, key, created));
      group = created;
    }
    Promise<JsonObject> answer = Promise.promise();
    group.parts.add(part);
    group.answers.add(answer);
    return answer.future();
  }

  private void send(Map<String, Group> groups, String key, Group group) {
    groups.remove(key);
    JsonObject body = new JsonObject().put(OP, group.op).put(PARTS, new JsonArray(group.parts));
    ask(group.member, body)
        .onComplete(
            ar -> {
              for (int i = 0; i < group.answers.size(); i++) {
                if (ar.failed()) {
                  group.answers.get(i).fail(ar.cause());
                } else {
                  group.answers.get(i).complete(ar.result().getJsonArray(PARTS).getJsonObject(i));
                }
              }
            });
  }

  private static final class Group {
    final String member;
    final String op;
    final List<Object> parts = new ArrayList<>();
    final List<Promise<JsonObject>> answers = new ArrayList<>();

    Group(String member, String op) {
      this.member = member;
      this.op = op;
    }
  }
}
