package io.roomcast.bench.client;

import io.vertx.core.Future;

/**
 * One way of subscribing to a room. {@link #open} runs on the event loop that will own the
 * connection and completes once the protocol confirms the subscription, or, for protocols that
 * never confirm (the SockJS bridge), once the registration is written; the run's warm-up then
 * checks that every subscriber receives.
 */
public interface Transport {
  String name();

  Future<Connection> open(Subscriber subscriber);

  /** An open subscription. */
  interface Connection {
    Future<Void> close();

    /**
     * Writes one text message on the connection (chat senders); subscriptions that only read
     * refuse.
     */
    default void send(String text) {
      throw new UnsupportedOperationException("this transport only receives");
    }
  }
}
