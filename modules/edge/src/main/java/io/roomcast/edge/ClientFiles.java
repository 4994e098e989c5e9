package io.roomcast.edge;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The browser client at {@code GET /client/roomcast.js} and its TypeScript declarations at {@code
 * /client/roomcast.d.ts}, read once from the client jar's resources. Browsers revalidate on every
 * load ({@code no-cache} with an ETag, so an upgraded node is picked up at once and an unchanged
 * file costs a 304), and pages of any origin may import the module (module scripts are fetched with
 * CORS).
 */
public final class ClientFiles {
  static final String ROOT = "roomcast-client/";

  private record File(Buffer body, String contentType, String etag) {}

  private static final Map<String, String> TYPES =
      Map.of(
          "roomcast.js", "text/javascript; charset=utf-8",
          "roomcast.d.ts", "application/typescript; charset=utf-8");

  private final Map<String, File> files;

  private ClientFiles(Map<String, File> files) {
    this.files = files;
  }

  /** Reads the files (without blocking an event loop); fails when the client jar is missing. */
  public static Future<ClientFiles> load(Vertx vertx) {
    Map<String, File> files = new LinkedHashMap<>();
    List<Future<Void>> reads =
        TYPES.entrySet().stream()
            .map(
                e ->
                    vertx
                        .fileSystem()
                        .readFile(ROOT + e.getKey())
                        .map(
                            body -> {
                              synchronized (files) {
                                files.put(e.getKey(), new File(body, e.getValue(), etag(body)));
                              }
                              return (Void) null;
                            }))
            .toList();
    return Future.all(reads).map(v -> new ClientFiles(Map.copyOf(files)));
  }

  /** {@code GET /client/:file}. */
  public void handle(RoutingContext ctx) {
    File file = files.get(ctx.pathParam("file"));
    if (file == null) {
      HttpErrors.send(ctx, ErrorCode.NOT_FOUND.exception("no such client file"));
      return;
    }
    var response =
        ctx.response()
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
            .putHeader(HttpHeaders.ETAG, file.etag())
            .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
            .putHeader("X-Content-Type-Options", "nosniff");
    if (file.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, file.contentType()).end(file.body());
  }

  private static String etag(Buffer body) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return '"' + HexFormat.of().formatHex(hash, 0, 12) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
