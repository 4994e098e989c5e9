package io.roomcast.bench.run;

import io.roomcast.bench.client.Subscriber;
import io.roomcast.bench.client.Transport;
import io.roomcast.bench.client.Transport.Connection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Opens many subscriptions with a bounded number in flight (so the server's accept backlog never
 * overflows), each on its own generator event loop. Runs on the main thread, which may block.
 */
public final class Connector {
  private static final long OPEN_TIMEOUT_SECONDS = 30;

  private Connector() {}

  public static List<Connection> openAll(
      Generator generator, Transport transport, List<Subscriber> subscribers, int inFlight) {
    return openAll(generator, transport, subscribers, inFlight, new Connection[subscribers.size()]);
  }

  /**
   * Like {@link #openAll(Generator, Transport, List, int)}, also filling {@code bySubscriber[i]}
   * with the connection of {@code subscribers.get(i)} (null where it failed).
   */
  public static List<Connection> openAll(
      Generator generator,
      Transport transport,
      List<Subscriber> subscribers,
      int inFlight,
      Connection[] bySubscriber) {
    List<Connection> opened = Collections.synchronizedList(new ArrayList<>());
    Semaphore permits = new Semaphore(inFlight);
    for (int i = 0; i < subscribers.size(); i++) {
      Subscriber s = subscribers.get(i);
      int position = i;
      permits.acquireUninterruptibly();
      generator
          .loop(s.index())
          .runOnContext(
              v ->
                  transport
                      .open(s)
                      .timeout(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                      .onComplete(
                          (c, err) -> {
                            if (err == null) {
                              opened.add(c);
                              synchronized (bySubscriber) {
                                bySubscriber[position] = c;
                              }
                            } else if (s.failure() == null) {
                              s.failed(String.valueOf(err.getMessage()));
                            }
                            permits.release();
                          }));
    }
    permits.acquireUninterruptibly(inFlight);
    synchronized (bySubscriber) {
      return new ArrayList<>(opened);
    }
  }

  /** Closes everything, waiting at most 30 s. */
  public static void closeAll(Generator generator, List<Connection> connections) {
    List<Future<Void>> closing = new ArrayList<>();
    for (int i = 0; i < connections.size(); i++) {
      Connection c = connections.get(i);
      Promise<Void> closed = Promise.promise();
      generator.loop(i).runOnContext(v -> c.close().onComplete(ar -> closed.tryComplete()));
      closing.add(closed.future());
    }
    try {
      Future.join(closing).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a socket that won't close cleanly is dropped with the generator at the end
    }
  }
}
