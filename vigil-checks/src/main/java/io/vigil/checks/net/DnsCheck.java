package io.vigil.checks.net;

import io.vigil.checks.Failures;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a name with the system resolver; optionally every expected address must be among the
 * answers.
 */
final class DnsCheck implements HealthCheck {

  private final String name;
  private final Set<String> expected;

  /** Resolves {@code name}; {@code expected} may be empty. */
  DnsCheck(String name, List<String> expected) {
    this.name = name;
    this.expected = new TreeSet<>(expected);
  }

  @Override
  public Result check(CheckContext ctx) {
    long t0 = System.nanoTime();
    InetAddress[] answers;
    // The resolver cannot be interrupted: wait for it on its own thread, at most until the
    // deadline.
    CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                lookup.complete(InetAddress.getAllByName(name));
              } catch (UnknownHostException | RuntimeException e) {
                lookup.completeExceptionally(e);
              }
            });
    try {
      answers = lookup.get(Math.max(1, ctx.remaining().toMillis()), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Result.critical("timed out resolving " + name);
    } catch (ExecutionException e) {
      return Failures.critical(name, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.critical("interrupted while resolving " + name);
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    Set<String> found = new TreeSet<>();
    Arrays.stream(answers).forEach(a -> found.add(a.getHostAddress()));
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(found);
    Result result =
        missing.isEmpty()
            ? Result.ok(name + " resolves to " + String.join(", ", found) + " in " + ms + " ms")
            : Result.critical(
                name
                    + " resolves to "
                    + String.join(", ", found)
                    + ", missing "
                    + String.join(", ", missing));
    return result
        .withDetail("name", name)
        .withDetail("answers", List.copyOf(found))
        .withDetail("resolve_ms", ms);
  }
}
