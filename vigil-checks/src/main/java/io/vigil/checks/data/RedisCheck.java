package io.vigil.checks.data;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.vigil.checks.Failures;
import io.vigil.checks.Thresholds;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import io.vigil.core.Secrets;
import io.vigil.core.Status;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Redis: PING; in active mode a SET/GET/DEL round trip of a unique key and value; memory use
 * against {@code maxmemory} from INFO when thresholds are given.
 */
final class RedisCheck implements HealthCheck {

  /** Netty event loops shared by every Redis check, created once. */
  private static final class Shared {
    static final ClientResources RESOURCES =
        DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
  }

  private final RedisURI uri;
  private final boolean active;
  private final Optional<Thresholds> memory;

  /**
   * One client for the check's lifetime, created at its first run. A client shut down after each
   * run released Netty's event loops with it, so every run started new threads and a failed
   * connection's late notification hit a loop already shut down ({@code RejectedExecutionException}
   * with its stack in the log). Connections stay one per run.
   */
  private final AtomicReference<RedisClient> client = new AtomicReference<>();

  /** A check of the Redis at {@code uri} ({@code redis://[:password@]host:port[/db]}). */
  RedisCheck(RedisURI uri, boolean active, Optional<Thresholds> memory) {
    this.uri = uri;
    this.active = active;
    this.memory = memory;
  }

  @Override
  public Result check(CheckContext ctx) {
    String target = Secrets.maskText(uri.toString());
    if (ctx.isExpired()) {
      return Result.critical("timed out before connecting to " + target);
    }
    // Never zero: to Lettuce and Netty a zero timeout means none at all.
    java.time.Duration left = java.time.Duration.ofMillis(Math.max(1, ctx.remaining().toMillis()));
    RedisURI bounded = RedisURI.builder(uri).withTimeout(left).build();
    RedisClient redisClient = client();
    redisClient.setOptions(
        ClientOptions.builder()
            .socketOptions(SocketOptions.builder().connectTimeout(left).build())
            .build());
    long t0 = System.nanoTime();
    try (StatefulRedisConnection<String, String> connection = redisClient.connect(bounded)) {
      connection.setTimeout(java.time.Duration.ofMillis(Math.max(1, ctx.remaining().toMillis())));
      RedisCommands<String, String> redis = connection.sync();
      String pong = redis.ping();
      if (!"PONG".equals(pong)) {
        return Result.critical("unexpected answer to PING from " + target + ": " + pong);
      }
      String summary = "PONG";
      if (active) {
        String key = "vigil:health:" + UUID.randomUUID();
        String value = UUID.randomUUID().toString();
        redis.set(key, value, SetArgs.Builder.px(60_000));
        String read = redis.get(key);
        redis.del(key);
        if (!value.equals(read)) {
          return Result.critical("read back a different value from " + target + " (SET/GET)");
        }
        summary += ", SET/GET/DEL round trip";
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      Result result =
          Result.ok(summary + " from " + target + " in " + ms + " ms")
              .withDetail("target", target)
              .withDetail("round_trip_ms", ms);
      return memory.isPresent() ? withMemory(result, redis.info("memory"), target) : result;
    } catch (RuntimeException e) {
      return Failures.critical(target, e);
    }
  }

  private RedisClient client() {
    RedisClient existing = client.get();
    if (existing != null) {
      return existing;
    }
    RedisClient created = RedisClient.create(Shared.RESOURCES);
    return client.compareAndSet(null, created) ? created : client.get();
  }

  private Result withMemory(Result result, String info, String target) {
    long used = field(info, "used_memory");
    long max = field(info, "maxmemory");
    Result withUsed =
        result.withDetail("used_memory_bytes", used).withDetail("maxmemory_bytes", max);
    if (max <= 0) {
      return withUsed.withMessage(result.message() + ", no maxmemory set");
    }
    double percent = 100.0 * used / max;
    Status status = memory.get().judge(percent);
    return Result.of(
            status,
            result.message()
                + String.format(java.util.Locale.ROOT, ", memory %.1f%% of maxmemory", percent))
        .withDetails(withUsed.details())
        .withDetail("memory_percent", Math.round(percent * 10) / 10.0);
  }

  private static long field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        try {
          return Long.parseLong(line.substring(name.length() + 1).strip());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
