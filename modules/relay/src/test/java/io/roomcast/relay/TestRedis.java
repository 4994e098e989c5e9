package io.roomcast.relay;

import io.roomcast.testing.Await;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What an outside service does with Redis: publish, append to streams, listen to a channel. */
final class TestRedis implements AutoCloseable {
  private final Vertx vertx;
  private final Redis redis;

  TestRedis(Vertx vertx, String url) {
    this.vertx = vertx;
    this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
  }

  /** PUBLISH; the number of subscribers that got it. */
  long publish(String channel, String payload) {
    return Await.result(redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(payload)), 5)
        .toLong();
  }

  long publish(String channel, JsonObject payload) {
    return publish(channel, payload.encode());
  }

  /** XADD to the relay's inbound stream; the entry id. */
  String xadd(String key, String room, JsonObject event) {
    Request xadd = Request.cmd(Command.XADD).arg(key).arg("*").arg("room").arg(room);
    return Await.result(redis.send(xadd.arg("event").arg(event.encode())), 5).toString();
  }

  /** Any other command. */
  Response send(Request request) {
    return Await.result(redis.send(request), 5);
  }

  /** A dedicated SUBSCRIBE connection collecting the channel's payloads as JSON. */
  Listener listen(String channel) {
    RedisConnection c = Await.result(redis.connect());
    Listener l = new Listener(c);
    c.handler(l::onPush);
    Await.result(c.send(Request.cmd(Command.SUBSCRIBE).arg(channel)));
    Await.result(l.subscribed.future());
    return l;
  }

  static final class Listener implements AutoCloseable {
    private final RedisConnection connection;
    private final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    private final Promise<Void> subscribed = Promise.promise();

    private Listener(RedisConnection connection) {
      this.connection = connection;
    }

    private void onPush(Response push) {
      if (push.size() == 3 && "message".equals(push.get(0).toString())) {
        messages.add(new JsonObject(push.get(2).toString()));
      } else if (push.size() == 3 && "subscribe".equals(push.get(0).toString())) {
        subscribed.tryComplete();
      }
    }

    List<JsonObject> messages() {
      return List.copyOf(messages);
    }

    void awaitCount(int n, Duration timeout) {
      Await.until(
          timeout,
          n + " messages on the channel, have " + messages.size(),
          () -> messages.size() >= n);
    }

    @Override
    public void close() {
      connection.close();
    }
  }

  @Override
  public void close() {
    Await.result(redis.close());
  }

  /** Closes without waiting, for a client that may be stuck on a dead server. */
  void closeQuietly() {
    redis.close();
  }

  Vertx vertx() {
    return vertx;
  }
}
