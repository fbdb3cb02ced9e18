package io.vigil.bench;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.dropwizard.metrics.servlets.HealthCheckServlet;
import io.javalin.Javalin;
import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * One {@code /health} server per JVM for {@code vigil-bench/compare.sh}, so each system's CPU can
 * be read from its own process: {@code vigil} (20 fast checks, full details), {@code vigil-hung}
 * (the same plus one check that never returns) or {@code dropwizard} (the same 20 checks in
 * Dropwizard's {@code HealthCheckServlet} on Jetty 12, run on every request in the request's
 * thread, its default). Binds to 127.0.0.1 only; runs until killed.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.PeerServer vigil 18080}.
 */
public final class PeerServer {

  static final int FAST_CHECKS = 20;

  private PeerServer() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: PeerServer vigil|vigil-hung|dropwizard PORT");
      System.exit(2);
    }
    int port = Integer.parseInt(args[1]);
    CountDownLatch forever = new CountDownLatch(1);
    switch (args[0]) {
      case "vigil" -> vigil(port, false, forever);
      case "vigil-hung" -> vigil(port, true, forever);
      case "dropwizard" -> dropwizard(port);
      default -> {
        System.err.println("unknown system: " + args[0]);
        System.exit(2);
      }
    }
    System.out.println("ready " + args[0] + " http://127.0.0.1:" + port + "/health");
    forever.await();
  }

  private static void vigil(int port, boolean hung, CountDownLatch forever) {
    Monitor monitor = Monitor.builder().build();
    if (hung) {
      monitor.register(
          CheckSpec.builder("hangs").timeout(Duration.ofSeconds(2)).build(),
          ctx -> {
            forever.await();
            return Result.ok();
          });
    }
    for (int i = 0; i < FAST_CHECKS; i++) {
      monitor.register(
          CheckSpec.builder("fast-" + i).interval(Duration.ofSeconds(1)).build(),
          ctx -> Result.ok("fine").withDetail("answered", true));
    }
    monitor.start();
    VigilServer.start(monitor, ServerOptions.defaults().withPort(port), Extensions.none());
  }

  private static void dropwizard(int port) {
    HealthCheckRegistry registry = new HealthCheckRegistry();
    for (int i = 0; i < FAST_CHECKS; i++) {
      registry.register(
          "fast-" + i,
          new com.codahale.metrics.health.HealthCheck() {
            @Override
            protected Result check() {
              return Result.builder()
                  .healthy()
                  .withMessage("fine")
                  .withDetail("answered", true)
                  .build();
            }
          });
    }
    Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.modifyServletContextHandler(
                  handler -> {
                    handler.setAttribute(HealthCheckServlet.HEALTH_CHECK_REGISTRY, registry);
                    handler.addServlet(new ServletHolder(new HealthCheckServlet()), "/health");
                  });
            })
        .start("127.0.0.1", port);
  }
}
