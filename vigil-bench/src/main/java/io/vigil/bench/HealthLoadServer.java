package io.vigil.bench;

import com.codahale.metrics.health.HealthCheckRegistry;
import io.dropwizard.metrics.servlets.HealthCheckServlet;
import io.javalin.Javalin;
import io.vigil.core.CheckSpec;
import io.vigil.core.HealthCheck;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.server.Extensions;
import io.vigil.server.ServerOptions;
import io.vigil.server.VigilServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Serves {@code /health} for a load test with wrk: 50 checks, of which one never returns and two
 * take one second. Vigil answers from its snapshot on {@code vigilPort}; the peer, Dropwizard's
 * {@code HealthCheckServlet}, runs its checks on every request (in parallel on a pool) on {@code
 * peerPort} — without the hanging check, which would make it never answer.
 *
 * <p>Run: {@code java -cp vigil-bench/target/benchmarks.jar io.vigil.bench.HealthLoadServer 18080
 * 18081}, then {@code wrk -t2 -c50 -d20s --latency http://127.0.0.1:18080/health}.
 */
public final class HealthLoadServer {

  static final int CHECKS = 50;

  private HealthLoadServer() {}

  public static void main(String[] args) throws InterruptedException {
    int vigilPort = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
    int peerPort = args.length > 1 ? Integer.parseInt(args[1]) : 18081;
    CountDownLatch forever = new CountDownLatch(1);

    Monitor monitor = Monitor.builder().build();
    monitor.register(
        CheckSpec.builder("hangs").timeout(Duration.ofSeconds(10)).build(),
        ctx -> {
          forever.await();
          return Result.ok();
        });
    for (int i = 0; i < 2; i++) {
      monitor.register(
          CheckSpec.builder("slow-" + i).interval(Duration.ofSeconds(5)).build(), oneSecond());
    }
    for (int i = 0; i < CHECKS - 3; i++) {
      monitor.register(
          CheckSpec.builder("quick-" + i).interval(Duration.ofSeconds(1)).build(),
          ctx -> Result.ok("fine"));
    }
    monitor.start();
    VigilServer.start(monitor, ServerOptions.defaults().withPort(vigilPort), Extensions.none());

    HealthCheckRegistry registry = new HealthCheckRegistry();
    for (int i = 0; i < 2; i++) {
      registry.register("slow-" + i, dropwizard(oneSecond()));
    }
    for (int i = 0; i < CHECKS - 3; i++) {
      registry.register("quick-" + i, dropwizard(ctx -> Result.ok("fine")));
    }
    ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.modifyServletContextHandler(
                  handler -> {
                    handler.setAttribute(HealthCheckServlet.HEALTH_CHECK_REGISTRY, registry);
                    handler.setAttribute(HealthCheckServlet.HEALTH_CHECK_EXECUTOR, pool);
                    handler.addServlet(new ServletHolder(new HealthCheckServlet()), "/health");
                  });
            })
        .start("127.0.0.1", peerPort);
    System.out.println("vigil http://127.0.0.1:" + vigilPort + "/health");
    System.out.println("dropwizard http://127.0.0.1:" + peerPort + "/health");
    forever.await();
  }

  private static HealthCheck oneSecond() {
    return ctx -> {
      Thread.sleep(1000);
      return Result.ok("took a second");
    };
  }

  private static com.codahale.metrics.health.HealthCheck dropwizard(HealthCheck check) {
    return new com.codahale.metrics.health.HealthCheck() {
      @Override
      protected Result check() throws Exception {
        io.vigil.core.Result r = check.check(null);
        return r.status() == io.vigil.core.Status.OK
            ? Result.healthy(r.message())
            : Result.unhealthy(r.message());
      }
    };
  }
}
