package io.roomcast.history;

import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.Epochs;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * History in Redis Streams, for clusters that run Redis anyway. Per room a hash {@code
 * roomcast:history:{room}:meta} (epoch, last seq) and a stream {@code roomcast:history:{room}}
 * whose entry ids are {@code <seq>-0}. Appends run as one Lua script (seq and XADD with MAXLEN
 * together, like the embedded store); reads are XRANGE after the asked seq. A Redis that restarts
 * without its data starts a new epoch, so clients get a {@code reset} rather than wrong events.
 */
public final class RedisHistoryStore implements HistoryStore {
  private static final String APPEND =
      """
      local epoch = redis.call('HGET', KEYS[1], 'epoch')
      if not epoch then
        epoch = ARGV[1]
        redis.call('HSET', KEYS[1], 'epoch', epoch, 'seq', 0)
      end
      local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
      redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[4], seq .. '-0', 't', ARGV[3], 'e', ARGV[2])
      local horizon = tonumber(ARGV[3]) - tonumber(ARGV[5])
      for _, entry in ipairs(redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 16)) do
        if tonumber(entry[2][2]) < horizon then redis.call('XDEL', KEYS[2], entry[1]) else break end
      end
      redis.call('PEXPIRE', KEYS[2], ARGV[5])
      return {epoch, seq}
      """;

  private static final String READ =
      """
      local epoch = redis.call('HGET', KEYS[1], 'epoch')
      local last = redis.call('HGET', KEYS[1], 'seq') or '0'
      local horizon = tonumber(ARGV[3])
      local oldest = false
      for _, entry in ipairs(redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 100)) do
        if tonumber(entry[2][2]) >= horizon then oldest = entry[1] break end
      end
      local events = {}
      if tonumber(ARGV[2]) > 0 then
        events = redis.call('XRANGE', KEYS[2], '(' .. ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])
      end
      return {epoch or false, last, oldest, events}
      """;

  private final Redis redis;
  private final int maxEvents;
  private final long maxAgeMs;

  public RedisHistoryStore(Vertx vertx, String url, HistoryConfig config) {
    this.redis =
        Redis.createClient(
            vertx,
            new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(1024));
    this.maxEvents = config.maxEvents();
    this.maxAgeMs = config.maxAgeSeconds() * 1000L;
  }

  @Override
  public Future<Envelope> append(Envelope event) {
    return append(event, RoomLog.json(event));
  }

  @Override
  public Future<Envelope> append(Envelope event, String unplacedJson) {
    Request r =
        script(APPEND, event.room())
            .arg(Epochs.next())
            .arg(unplacedJson)
            .arg(System.currentTimeMillis())
            .arg(maxEvents)
            .arg(maxAgeMs);
    return redis.send(r).map(res -> event.withPosition(res.get(0).toString(), res.get(1).toLong()));
  }

  @Override
  public Future<HistoryPage> read(String room, long since, int limit) {
    long horizon = System.currentTimeMillis() - maxAgeMs;
    Request r = script(READ, room).arg(since).arg(limit).arg(horizon);
    return redis.send(r).map(res -> page(room, res, horizon));
  }

  private static HistoryPage page(String room, Response res, long horizon) {
    String epoch = res.get(0) == null ? null : res.get(0).toString();
    long last = res.get(1).toLong();
    long oldest = res.get(2) == null ? last + 1 : seqOf(res.get(2).toString());
    List<Envelope> events = new ArrayList<>();
    for (Response entry : res.get(3)) {
      long seq = seqOf(entry.get(0).toString());
      Response fields = entry.get(1);
      long at = fields.get(1).toLong();
      if (seq >= oldest && at >= horizon) {
        events.add(
            Envelope.fromJson(new JsonObject(fields.get(3).toString())).withPosition(epoch, seq));
      }
    }
    return new HistoryPage(room, epoch, oldest, last, events);
  }

  @Override
  public Future<Void> delete(String room) {
    String tag = "roomcast:history:{" + room + "}";
    return redis.send(Request.cmd(Command.DEL).arg(tag + ":meta").arg(tag)).mapEmpty();
  }

  private static long seqOf(String streamId) {
    return Long.parseLong(streamId.substring(0, streamId.indexOf('-')));
  }

  /** Both keys share the {room} hash tag, so the scripts also work on a Redis Cluster. */
  private static Request script(String lua, String room) {
    String tag = "roomcast:history:{" + room + "}";
    return Request.cmd(Command.EVAL).arg(lua).arg(2).arg(tag + ":meta").arg(tag);
  }

  public Future<Void> close() {
    redis.close();
    return Future.succeededFuture();
  }
}
