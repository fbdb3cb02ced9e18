package io.vigil.spring;

import io.vigil.recovery.RecoveryPolicy;
import java.util.Objects;

/**
 * A recovery ladder declared as a bean (needs vigil-recovery on the class path): the starter
 * creates a {@code Healer} for the monitor, protects {@code check} with {@code policy} and starts
 * it with the application.
 *
 * <pre>{@code
 * @Bean
 * VigilRecovery cacheRecovery(CacheClient cache) {
 *   return VigilRecovery.of("cache", RecoveryPolicy.of(List.of(
 *       RecoveryStep.of("reconnect", ctx -> cache.reconnect()).verify(Duration.ofSeconds(10)))));
 * }
 * }</pre>
 *
 * @param check the name of the check it heals (an indicator's name or a Vigil check's)
 * @param policy the ladder and its guards
 */
public record VigilRecovery(String check, RecoveryPolicy policy) {

  /** Requires both parts. */
  public VigilRecovery {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(policy, "policy");
  }

  /** A ladder for {@code check}. */
  public static VigilRecovery of(String check, RecoveryPolicy policy) {
    return new VigilRecovery(check, policy);
  }
}
