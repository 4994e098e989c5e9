package io.roomcast.core.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A refusal answered on one node reaches the requester on another with its code intact. */
class BusErrorTest {
  private static final Logger LOG = Logger.getLogger(BusErrorTest.class.getName());

  private final TestCluster cluster = new TestCluster();
  private Vertx asker;
  private Vertx answerer;

  @BeforeEach
  void start() {
    asker = cluster.member();
    answerer = cluster.member();
    BusError.register(asker);
    BusError.register(answerer);
    answerer
        .eventBus()
        .<String>consumer(
            "test.refuse",
            msg ->
                BusError.reply(
                    msg,
                    "coded".equals(msg.body())
                        ? ErrorCode.INVALID_ROOM.exception("no such room id")
                        : new IllegalStateException("a bug"),
                    LOG))
        .completion()
        .await();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void a_coded_refusal_crosses_the_cluster_with_its_code_and_message() {
    BusError e = refusal("coded");
    assertEquals(ErrorCode.INVALID_ROOM, e.code());
    assertEquals(400, e.failureCode());
    assertEquals(ReplyFailure.RECIPIENT_FAILURE, e.failureType());
    RoomcastException coded = RoomcastException.of(e);
    assertEquals(ErrorCode.INVALID_ROOM, coded.code());
    assertEquals("no such room id", coded.getMessage());
    // what SockJS clients read in the failure's message
    assertEquals("invalid_room: no such room id", e.getMessage());
  }

  @Test
  void a_failure_without_a_code_is_answered_as_internal_not_left_to_time_out() {
    BusError e = refusal("bug");
    assertEquals(ErrorCode.INTERNAL, e.code());
    assertEquals(500, e.failureCode());
    assertEquals(ErrorCode.INTERNAL, RoomcastException.of(e).code());
  }

  private BusError refusal(String body) {
    CompletionException failed =
        assertThrows(
            CompletionException.class,
            () ->
                asker
                    .eventBus()
                    .request("test.refuse", body)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .join());
    return assertInstanceOf(BusError.class, failed.getCause());
  }
}
