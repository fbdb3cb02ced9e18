package io.vigil.alerts.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server that records every request and answers the statuses it is told (then 200): a
 * webhook receiver, a Slack stand-in. Binds 127.0.0.1 on a free port.
 */
public final class Collector implements AutoCloseable {

  /** One request as received. */
  public record Request(String path, Map<String, String> headers, String body) {
    /** A header by name, case-insensitive. */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ConcurrentLinkedDeque<>();

  private Collector(HttpServer server) {
    this.server = server;
  }

  /** A started collector. */
  public static Collector start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    Collector c = new Collector(server);
    server.createContext("/", c::handle);
    server.start();
    return c;
  }

  private void handle(HttpExchange x) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    x.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(x.getRequestURI().getPath(), headers, body));
    Integer status = statuses.pollFirst();
    byte[] answer = (status == null ? "ok" : "status " + status).getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status == null ? 200 : status, answer.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(answer);
    }
  }

  /** The next requests are answered with these statuses, in order; 200 after them. */
  public Collector answer(Integer... next) {
    statuses.addAll(List.of(next));
    return this;
  }

  /** The URL of a path on this collector. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Every request so far. */
  public List<Request> requests() {
    return new ArrayList<>(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
