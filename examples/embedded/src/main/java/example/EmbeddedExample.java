package example;

import io.javalin.Javalin;
import io.vigil.core.CheckSpec;
import io.vigil.core.Monitor;
import io.vigil.core.Result;
import io.vigil.server.HealthRoutes;
import java.time.Duration;

/** A service with two health checks and Vigil's endpoints on its own port. */
public final class EmbeddedExample {

  public static void main(String[] args) {
    start(8080);
  }

  static Javalin start(int port) {
    Monitor monitor = Monitor.builder().build();
    monitor.register(
        CheckSpec.builder("db").critical(true).interval(Duration.ofSeconds(10)).build(),
        ctx -> Result.ok("connected"));
    monitor.register(
        CheckSpec.builder("cache").build(), ctx -> Result.ok("warm").withDetail("hit_ratio", 0.97));
    monitor.start();
    return Javalin.create(
            config -> {
              config.routes.get("/", ctx -> ctx.result("hello from my service"));
              HealthRoutes.mount(config, monitor);
            })
        .start(port);
  }
}
