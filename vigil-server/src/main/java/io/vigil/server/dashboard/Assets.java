package io.vigil.server.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The page and its files, read from the class path once: the page, its script and style, and uPlot
 * from its WebJar. Each is served with an ETag and {@code Cache-Control: no-cache}, so a browser
 * revalidates and gets 304 while the jar is the same. The page gets a strict Content Security
 * Policy: it loads only its own files and talks only to its own origin.
 */
final class Assets {

  private static final String BASE = "io/vigil/server/dashboard/";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/";
  private static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** The page's scripts (ES modules). */
  static final List<String> SCRIPTS =
      List.of("app.js", "stream.js", "list.js", "check.js", "panels.js", "util.js");

  private static final String JS = "text/javascript; charset=utf-8";
  private static final String CSS = "text/css; charset=utf-8";

  record Asset(byte[] body, String type, String etag) {}

  private final Asset index;
  private final Map<String, Asset> files;

  Assets() {
    ClassLoader loader = Assets.class.getClassLoader();
    String uplot = UPLOT + uplotVersion(loader) + "/dist/";
    index = load(loader, BASE + "index.html", "text/html; charset=utf-8");
    Map<String, Asset> all = new HashMap<>();
    for (String script : SCRIPTS) {
      all.put(script, load(loader, BASE + script, JS));
    }
    all.put("app.css", load(loader, BASE + "app.css", CSS));
    all.put("uplot.js", load(loader, uplot + "uPlot.iife.min.js", JS));
    all.put("uplot.css", load(loader, uplot + "uPlot.min.css", CSS));
    files = Map.copyOf(all);
  }

  void index(Context ctx) {
    ctx.header("Content-Security-Policy", POLICY);
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    send(ctx, index);
  }

  void file(Context ctx) {
    Asset asset = files.get(ctx.pathParam("file"));
    if (asset == null) {
      io.vigil.server.ApiRoutes.problem(ctx, 404, "no dashboard file " + ctx.pathParam("file"));
      return;
    }
    send(ctx, asset);
  }

  private static void send(Context ctx, Asset asset) {
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("ETag", asset.etag());
    if (asset.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType(asset.type()).result(asset.body());
  }

  private static String uplotVersion(ClassLoader loader) {
    Properties p = new Properties();
    try (InputStream in =
        loader.getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the uPlot WebJar is not on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.ofNullable(p.getProperty("version")).orElseThrow();
  }

  private static Asset load(ClassLoader loader, String path, String type) {
    try (InputStream in = loader.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("dashboard file missing from the jar: " + path);
      }
      byte[] body = in.readAllBytes();
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
      return new Asset(body, type, "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
