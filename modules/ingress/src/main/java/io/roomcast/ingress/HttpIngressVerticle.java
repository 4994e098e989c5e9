package io.roomcast.ingress;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.NodeInfo;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.roomcast.core.bus.BusError;
import io.roomcast.core.client.CidIndex;
import io.roomcast.core.client.Pushes;
import io.roomcast.core.client.RoomcastClient;
import io.roomcast.core.config.LimitsConfig;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.core.control.ServerControl;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.event.EventDraft;
import io.roomcast.core.event.PublishFields;
import io.roomcast.core.event.PushResult;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.core.http.Bodies;
import io.roomcast.core.http.HttpErrors;
import io.roomcast.core.http.HttpServers;
import io.roomcast.core.http.JsonBody;
import io.roomcast.core.rooms.RoomCensus;
import io.roomcast.core.rooms.RoomDirectory;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The backend door (api port): authenticated, validated publishing into rooms, plus health. Every
 * refusal is a 4xx with {@code {"error":{"code","message"}}}.
 */
public final class HttpIngressVerticle extends VerticleBase {
  private final RoomcastConfig cfg;
  private final RoomcastClient client;
  private final HistoryStore history;
  private final String metricsRegistry;
  private final LimitsConfig limits;
  private final RoomDirectory rooms;
  private final CidIndex cids;
  private HttpServer server;
  private Authenticator auth;
  private Pushes pushes;

  /**
   * @param client every publish goes through it
   * @param history {@code GET /api/rooms/{room}/history} reads it
   * @param metricsRegistry the node's Micrometer registry, served on {@code /metrics}; null when
   *     metrics are off
   * @param rooms which rooms exist, when they must be created first
   * @param cids which connection holds each client-chosen id, for pushes addressed by one
   */
  public HttpIngressVerticle(
      RoomcastConfig config,
      RoomcastClient client,
      HistoryStore history,
      String metricsRegistry,
      RoomDirectory rooms,
      CidIndex cids) {
    this.rooms = rooms;
    this.cids = cids;
    this.cfg = config;
    this.client = client;
    this.history = history;
    this.metricsRegistry = metricsRegistry;
    this.limits = config.limits();
  }

  @Override
  public Future<?> start() {
    BusError.register(vertx);
    auth = new Authenticator(vertx, cfg.auth());
    pushes = new Pushes(vertx);

    Router router = Router.router(vertx);
    if (!cfg.api().corsOrigins().isEmpty()) {
      router.route().handler(cors(cfg.api().corsOrigins()));
    }
    OpsRoutes.mount(vertx, router, cfg, metricsRegistry);
    // A batch may be larger than one event; /api/* below skips a body already read here.
    router.route("/api/publish").handler(new JsonBody(cfg.api().maxBatchBytes()));
    router.route("/api/*").handler(new JsonBody(cfg.api().maxBodyBytes()));
    router.post("/api/rooms/:room/events").handler(this::publish);
    router.post("/api/publish").handler(new BatchPublishRoute(auth, client, limits, rooms)::handle);
    router.get("/api/rooms/:room/history").handler(new HistoryRoute(history, auth)::handle);
    router.post("/api/users/:user/events").handler(this::pushToUser);
    router.post("/api/broadcast").handler(this::broadcast);
    router.post("/api/connections/:connection/events").handler(this::pushToConnection);
    router.post("/api/users/:user/connections/:cid/events").handler(this::pushToCid);
    PresenceRoutes.mount(router, auth, client, vertx.eventBus());
    RoomRoutes.mount(router, auth, rooms, history, new RoomCensus(vertx), vertx.eventBus());
    ControlRoutes.mount(router, auth, new ServerControl(vertx), cfg.edge());
    router.route().last().handler(ctx -> HttpErrors.send(ctx, notFound()));
    router.route().failureHandler(HttpErrors.failureHandler());

    server =
        HttpServers.create(
            vertx, cfg.api().headerTimeoutSeconds(), cfg.api().idleTimeoutSeconds(), router);
    return server
        .listen(cfg.api().port(), cfg.api().host())
        .onSuccess(s -> NodeInfo.put(vertx, NodeInfo.API_PORT, s.actualPort()));
  }

  /** Browsers on the listed origins may call the api (e.g. a page publishing with a user JWT). */
  private static CorsHandler cors(List<String> origins) {
    return CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST))
        .allowedHeaders(Set.of("Authorization", "Content-Type"))
        .maxAgeSeconds(600);
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(5, TimeUnit.SECONDS);
  }

  private void publish(RoutingContext ctx) {
    String room = ctx.pathParam("room");
    identity(ctx)
        .compose(who -> publishAs(who, room, ctx))
        .onSuccess(e -> reply(ctx, 202, accepted(e)))
        .onFailure(err -> HttpErrors.send(ctx, err));
  }

  private void pushToUser(RoutingContext ctx) {
    String user = ctx.pathParam("user");
    servicePush(ctx)
        .compose(e -> pushes.toUser(user, e))
        .map(Pushes.ToUser::toJson)
        .onComplete(r -> answer(ctx, r));
  }

  private void broadcast(RoutingContext ctx) {
    servicePush(ctx)
        .compose(pushes::toEveryone)
        .map(Pushes.ToUser::toJson)
        .onComplete(r -> answer(ctx, r));
  }

  private void pushToConnection(RoutingContext ctx) {
    String connection = ctx.pathParam("connection");
    servicePush(ctx)
        .compose(e -> pushes.toConnection(connection, e))
        .map(Pushes.ToConnection::toJson)
        .onComplete(r -> answer(ctx, r));
  }

  /** A push to the connection that holds {@code cid} of {@code user}, wherever it is. */
  private void pushToCid(RoutingContext ctx) {
    String user = ctx.pathParam("user");
    String cid = ctx.pathParam("cid");
    servicePush(ctx)
        .compose(
            e -> {
              Ids.requireUser(user);
              Ids.requireCid(cid);
              return cids.connection(user, cid)
                  .compose(
                      connection ->
                          connection == null
                              ? Future.succeededFuture(
                                  new Pushes.ToConnection(e.id(), PushResult.NOT_CONNECTED))
                              : pushes.toConnection(connection, e));
            })
        .map(Pushes.ToConnection::toJson)
        .onComplete(r -> answer(ctx, r));
  }

  /** Pushes are for backends (the API key); the body is {@code {type, data}} like a publish. */
  private Future<Envelope> servicePush(RoutingContext ctx) {
    return identity(ctx)
        .map(
            who -> {
              if (!who.service()) {
                throw ErrorCode.FORBIDDEN.exception("pushes need the API key");
              }
              JsonObject body = Bodies.object(ctx.body().buffer());
              PublishFields.store(body); // pushes are never stored; the field is still checked
              return Pushes.envelope(
                  EventDraft.type(body),
                  EventDraft.data(body, limits),
                  PublishFields.html(body, limits));
            });
  }

  private static void answer(RoutingContext ctx, AsyncResult<JsonObject> r) {
    if (r.succeeded()) {
      reply(ctx, 200, r.result());
    } else {
      HttpErrors.send(ctx, r.cause());
    }
  }

  private Future<Envelope> publishAs(Identity who, String room, RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    int length = body == null ? EventDraft.UNKNOWN_LENGTH : body.length();
    EventDraft draft = EventDraft.parse(room, Bodies.object(body), user(who), null, limits, length);
    if (!who.canPublish(room)) {
      throw ErrorCode.FORBIDDEN.exception("token may not publish into '" + room + "'");
    }
    return rooms.require(room).compose(v -> client.publish(draft));
  }

  /** Services publish as nobody in particular; users publish as themselves. */
  private static String user(Identity who) {
    return who.service() ? null : who.user();
  }

  private Future<Identity> identity(RoutingContext ctx) {
    return auth.backend(Authenticator.bearer(ctx.request()));
  }

  private static JsonObject accepted(Envelope e) {
    JsonObject json = new JsonObject().put("id", e.id());
    if (e.seq() != null) {
      json.put("seq", e.seq());
    }
    return json;
  }

  private static void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toBuffer());
  }

  private static RoomcastException notFound() {
    return ErrorCode.NOT_FOUND.exception("no such resource");
  }
}
