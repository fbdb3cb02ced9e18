package io.vigil.server.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;

/**
 * Serves the hot endpoints straight from Jetty, before the router: a plain {@code GET} of {@code
 * /health}, {@code /health/live}, {@code /health/ready}, {@code /health/started} or {@code
 * /health/checks} without a query writes the cached {@link Answers} bytes with no routing, no
 * servlet and no per-request allocation beyond Jetty's own. Everything else ({@code HEAD}, {@code
 * ?pretty}, a 401, any other path) goes on to the router, which answers from the same {@link
 * Answers}.
 *
 * <p>The fast answers never block (the bodies are read from a volatile snapshot, the write is
 * asynchronous), so this handler is {@link InvocationType#NON_BLOCKING}: Jetty runs it on the
 * selector thread that read the request, with no hand-off to another thread. Everything that goes
 * on to the router may block (the servlet, a request body) and is handed to a virtual thread (or
 * the server's pool when it has none), as Jetty does for a blocking handler.
 */
public final class FastPath extends Handler.Wrapper {

  private static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField NO_STORE =
      new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-store");
  private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");
  private static final HttpField GZIP =
      new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");

  private final Map<String, Function<Boolean, Optional<Answers.Answer>>> routes;
  private final Access access;
  private Executor blocking; // set at start: the server's virtual threads, else its pool

  /** The fast path for {@code answers}, with the server's access rules. */
  public FastPath(Answers answers, Access access) {
    this.access = access;
    this.routes =
        Map.of(
            "/health", authorized -> Optional.of(answers.health(authorized)),
            "/health/live", authorized -> Optional.of(answers.live()),
            "/health/ready", authorized -> Optional.of(answers.ready(authorized)),
            "/health/started", authorized -> Optional.of(answers.started()),
            "/health/checks",
                authorized -> authorized ? Optional.of(answers.checks()) : Optional.empty());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    HttpURI uri = request.getHttpURI();
    Function<Boolean, Optional<Answers.Answer>> route;
    if (!HttpMethod.GET.is(request.getMethod())
        || uri.getQuery() != null
        || (route = routes.get(uri.getPath())) == null) {
      return router(request, response, callback);
    }
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    Optional<Answers.Answer> answer = route.apply(access.authorized(authorization));
    if (answer.isEmpty()) {
      return router(request, response, callback);
    }
    Answers.Answer a = answer.get();
    Body body = a.body();
    HttpFields.Mutable headers = response.getHeaders();
    response.setStatus(a.status());
    headers.put(JSON);
    headers.put(NO_STORE);
    boolean gzipped = false;
    if (body.compressible()) {
      headers.put(VARY);
      if (Body.acceptsGzip(request.getHeaders().get(HttpHeader.ACCEPT_ENCODING))) {
        headers.put(GZIP);
        gzipped = true;
      }
    }
    ByteBuffer bytes = body.buffer(gzipped);
    headers.put(HttpHeader.CONTENT_LENGTH, bytes.remaining());
    response.write(true, bytes, callback);
    return true;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  protected void doStart() throws Exception {
    Executor pool = getServer().getThreadPool();
    Executor virtual = VirtualThreads.getVirtualThreadsExecutor(pool);
    blocking = virtual != null ? virtual : pool;
    super.doStart();
  }

  /** Hands the request to the router on a thread that may block; a request it declines is a 404. */
  private boolean router(Request request, Response response, Callback callback) {
    blocking.execute(
        () -> {
          try {
            if (!super.handle(request, response, callback)) {
              Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
          } catch (Throwable x) {
            callback.failed(x); // as Jetty's own invoker does: a throwing writeError is lost
          }
        });
    return true;
  }
}
