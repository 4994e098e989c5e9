package io.roomcast.history;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends a room's operation to its owner: done here when this member owns the room, else asked of
 * the owner. While ownership is moving (no owner yet, the asked member no longer owns the room, or
 * its bus address is not registered yet) the operation is tried again after a short pause, for up
 * to {@value #DEADLINE_MS} ms; then it fails as the asked member's answer did.
 */
final class Routes {
  static final long DEADLINE_MS = 10_000;
  private static final long PAUSE_MS = 20;

  private final Vertx vertx;
  private final Members members;

  Routes(Vertx vertx, Members members) {
    this.vertx = vertx;
    this.members = members;
  }

  <T> Future<T> toOwner(String room, Supplier<Future<T>> here, Function<String, Future<T>> there) {
    return attempt(room, here, there, System.nanoTime() + DEADLINE_MS * 1_000_000);
  }

  private <T> Future<T> attempt(
      String room, Supplier<Future<T>> here, Function<String, Future<T>> there, long deadline) {
    String owner = members.owner(room);
    Future<T> tried =
        owner == null
            ? Future.failedFuture(new Moved())
            : owner.equals(members.self()) ? here.get() : there.apply(owner);
    if (tried.succeeded()) {
      return tried;
    }
    return tried.recover(
        err -> {
          if (!retried(err) || System.nanoTime() > deadline) {
            return Future.failedFuture(err);
          }
          Promise<T> again = Promise.promise();
          vertx.setTimer(PAUSE_MS, id -> attempt(room, here, there, deadline).onComplete(again));
          return again.future();
        });
  }

  /** Decodes a member's answer, failing for "moved" (tried again) and "failed". */
  static <T> Function<JsonObject, T> answer(Function<JsonObject, T> decode) {
    return answer -> {
      if (LogWire.is(answer, LogWire.MOVED)) {
        throw new Moved();
      }
      String failed = answer.getString(LogWire.FAILED);
      if (failed != null) {
        throw new IllegalStateException(failed);
      }
      return decode.apply(answer);
    };
  }

  private static boolean retried(Throwable err) {
    return err instanceof Moved
        || err instanceof ReplyException re
            && (re.failureType() == ReplyFailure.NO_HANDLERS
                || re.failureType() == ReplyFailure.TIMEOUT);
  }

  /** The asked member does not own the room (any more, or yet). */
  static final class Moved extends RuntimeException {
    Moved() {
      super("the room's history owner is moving", null, false, false);
    }
  }
}
