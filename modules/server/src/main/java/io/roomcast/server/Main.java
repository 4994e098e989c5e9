package io.roomcast.server;

import io.roomcast.core.config.ConfigException;
import io.roomcast.core.config.ConfigLoader;
import io.roomcast.core.config.RoomcastConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * {@code java -jar roomcast.jar [--conf FILE]}: starts one clustered node. SIGTERM shuts it down
 * gracefully (final frames to clients, then leave the cluster).
 */
public final class Main {
  private static final Logger LOG = Logger.getLogger(Main.class.getName());

  private Main() {}

  public static void main(String[] args) {
    configureLogging();
    JsonObject config;
    RoomcastConfig parsed;
    try {
      config = ConfigLoader.load(confArg(args), System.getenv());
      parsed = RoomcastConfig.from(config);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("roomcast: " + e.getMessage());
      System.exit(2);
      return;
    }
    RoomcastNode node;
    try {
      node = RoomcastNode.start(parsed).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "roomcast: failed to start", e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("shutting down: closing client streams and leaving the cluster");
                  try {
                    node.close().await(30, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warning("shutdown did not complete cleanly: " + e.getMessage());
                  }
                },
                "roomcast-shutdown"));
    StartupLog.print(node);
  }

  static Path confArg(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--conf") || args[i].equals("-conf")) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--conf needs a file");
        }
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--conf=")) {
        return Path.of(args[i].substring("--conf=".length()));
      }
      throw new IllegalArgumentException("unknown argument '" + args[i] + "' (usage: --conf FILE)");
    }
    return null;
  }

  /** JUL with a one-line format, unless the operator passed their own logging config. */
  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = Main.class.getResourceAsStream("/logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      // keep the JDK default
    }
  }
}
