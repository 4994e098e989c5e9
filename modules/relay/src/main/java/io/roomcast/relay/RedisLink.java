package io.roomcast.relay;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The active relay's Redis connections, held as one {@link Session}: a subscriber ({@code
 * PSUBSCRIBE} on the room and user channels), a command connection (PUBLISH, PING, stream acks)
 * and, in streams mode, a reader for blocking {@code XREADGROUP}. Any of them ending or failing a
 * PING ends the session, and a new one is opened after a backoff with full jitter, subscriptions
 * restored. Each session has a client of its own that is closed with it, so a broken connection
 * never goes back into a pool.
 *
 * <p>No command but (P)SUBSCRIBE ever goes to the subscriber: vertx-redis-client 5.0.10 takes the
 * oldest pending request off the queue when a push arrives and drops it, so a PING there can be
 * lost. The subscriber is watched instead through a heartbeat channel of its own: every probe
 * PUBLISHes to it on the command connection, which must count one receiver, and the previous
 * heartbeat must have come back on the subscriber.
 */
final class RedisLink {
  private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());
  private static final long PROBE_INTERVAL_MS = 5_000;
  private static final long PING_TIMEOUT_MS = 3_000;

  /** One generation of connections; {@code reader} is null unless streams mode is on. */
  static final class Session {
    final Redis client;
    final RedisConnection subscriber;
    final RedisConnection commands;
    final RedisConnection reader;
    private final String heartbeat = Channels.heartbeat(UUID.randomUUID().toString());
    private final Promise<Void> subscribed = Promise.promise();
    private int confirmations;
    private boolean beatOutstanding;
    private boolean ended;

    private Session(
        Redis client,
        RedisConnection subscriber,
        RedisConnection commands,
        RedisConnection reader) {
      this.client = client;
      this.subscriber = subscriber;
      this.commands = commands;
      this.reader = reader;
    }
  }

  private final Vertx vertx;
  private final RedisOptions options;
  private final Backoff backoff;
  private final boolean withReader;
  private final Handler<Response> onPush;
  private final Consumer<Session> onUp;
  private final RelayMetrics metrics;
  private final ThrottledLog failures = new ThrottledLog(RedisLink.class, 10_000);

  private Session session;
  private String lastError;
  private int attempt;
  private long reconnectTimer = -1;
  private long probeTimer = -1;
  private boolean closed;

  RedisLink(
      Vertx vertx,
      String url,
      Backoff backoff,
      boolean withReader,
      Handler<Response> onPush,
      Consumer<Session> onUp,
      RelayMetrics metrics) {
    this.vertx = vertx;
    this.options =
        new RedisOptions()
            .setConnectionString(url)
            .setPreferredProtocolVersion(ProtocolVersion.RESP3)
            .setMaxPoolSize(3)
            .setMaxWaitingHandlers(16_384);
    this.options.getNetClientOptions().setConnectTimeout(2_000).setTcpKeepAlive(true);
    this.backoff = backoff;
    this.withReader = withReader;
    this.onPush = onPush;
    this.onUp = onUp;
    this.metrics = metrics;
  }

  /** Starts connecting; Redis being down is not a failure, the link keeps trying. */
  void open() {
    probeTimer = vertx.setPeriodic(PROBE_INTERVAL_MS, id -> probe());
    connect();
  }

  /** The live session, or null while Redis is unreachable. */
  Session session() {
    return session;
  }

  String lastError() {
    return lastError;
  }

  /** Round trip of a PING through Redis on the command connection, in milliseconds. */
  Future<Long> ping() {
    Session s = session;
    if (s == null) {
      return Future.failedFuture(lastError == null ? "not connected" : lastError);
    }
    long start = System.nanoTime();
    return ping(s.commands).map(v -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  Future<Void> close() {
    closed = true;
    vertx.cancelTimer(reconnectTimer);
    vertx.cancelTimer(probeTimer);
    Session s = session;
    session = null;
    return s == null ? Future.succeededFuture() : s.client.close();
  }

  private void connect() {
    if (closed) {
      return;
    }
    Redis client = Redis.createClient(vertx, options);
    Future.all(
            client.connect(),
            client.connect(),
            withReader ? client.connect() : Future.<RedisConnection>succeededFuture())
        .map(
            all ->
                new Session(
                    client,
                    all.<RedisConnection>resultAt(0),
                    all.<RedisConnection>resultAt(1),
                    all.<RedisConnection>resultAt(2)))
        .compose(this::subscribe)
        .onSuccess(this::up)
        .onFailure(
            err -> {
              client.close();
              retry(err);
            });
  }

  /** Subscribes; done when Redis confirmed both patterns and the heartbeat channel. */
  private Future<Session> subscribe(Session s) {
    watch(s, s.subscriber);
    watch(s, s.commands);
    if (s.reader != null) {
      watch(s, s.reader);
    }
    s.subscriber.handler(push -> onSubscriberPush(s, push));
    Request psubscribe =
        Request.cmd(Command.PSUBSCRIBE).arg(Channels.ROOM_PATTERN).arg(Channels.USER_PATTERN);
    Request subscribe = Request.cmd(Command.SUBSCRIBE).arg(s.heartbeat);
    return Future.all(s.subscriber.send(psubscribe), s.subscriber.send(subscribe))
        .compose(v -> s.subscribed.future().timeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS))
        .map(s);
  }

  private void onSubscriberPush(Session s, Response push) {
    if (push.type() != ResponseType.PUSH && push.type() != ResponseType.MULTI) {
      return;
    }
    String kind = push.get(0).toString();
    if (kind.equals("psubscribe") || kind.equals("subscribe")) {
      if (++s.confirmations == 3) {
        s.subscribed.tryComplete();
      }
    } else if (kind.equals("message") && s.heartbeat.equals(push.get(1).toString())) {
      s.beatOutstanding = false;
    } else if (kind.equals("pmessage")) {
      onPush.handle(push);
    }
  }

  private void watch(Session s, RedisConnection c) {
    c.exceptionHandler(err -> lost(s, err));
    c.endHandler(v -> lost(s, new VertxException("connection closed by Redis", true)));
  }

  private void up(Session s) {
    if (closed || s.ended) {
      s.client.close();
      if (!closed) {
        retry(new VertxException("connection closed while subscribing", true));
      }
      return;
    }
    session = s;
    attempt = 0;
    LOG.info("Redis relay connected" + (lastError == null ? "" : " again after: " + lastError));
    onUp.accept(s);
  }

  private void lost(Session s, Throwable err) {
    if (s.ended) {
      return;
    }
    s.ended = true;
    if (s != session) {
      return;
    }
    session = null;
    s.client.close();
    LOG.warning("Redis relay lost its connection: " + describe(err));
    retry(err);
  }

  private void retry(Throwable err) {
    lastError = describe(err);
    if (closed) {
      return;
    }
    long delay = backoff.delay(attempt++);
    metrics.reconnects.incrementAndGet();
    failures.warn("Redis unreachable (" + lastError + "); reconnecting in " + delay + " ms");
    // full jitter may draw 0; Vert.x timers need at least 1 ms (setTimer(0) throws, which would
    // end reconnecting for good)
    reconnectTimer = vertx.setTimer(Math.max(1, delay), id -> connect());
  }

  /**
   * Liveness, since a connection can look open and be dead: the last heartbeat must have come back
   * on the subscriber, and this one must reach exactly that subscriber.
   */
  private void probe() {
    Session s = session;
    if (s == null) {
      return;
    }
    if (s.beatOutstanding) {
      lost(s, new VertxException("heartbeat did not come back on the subscriber", true));
      return;
    }
    s.beatOutstanding = true;
    s.commands
        .send(Request.cmd(Command.PUBLISH).arg(s.heartbeat).arg("beat"))
        .timeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .onSuccess(
            receivers -> {
              if (receivers.toLong() < 1) {
                lost(s, new VertxException("subscriber is no longer subscribed", true));
              }
            })
        .onFailure(err -> lost(s, new VertxException("heartbeat failed: " + describe(err), true)));
  }

  private static Future<Void> ping(RedisConnection c) {
    return c.send(Request.cmd(Command.PING))
        .timeout(PING_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .mapEmpty();
  }

  static String describe(Throwable err) {
    String message = err.getMessage();
    return message == null || message.isBlank() ? err.getClass().getSimpleName() : message;
  }
}
