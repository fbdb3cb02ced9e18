package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypes;
import io.vigil.checks.Heartbeats;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddressGuardSectionTest {

  private final CheckTypeContext context = new CheckTypeContext(new Heartbeats());
  private final ConfigLoader loader = new ConfigLoader(CheckTypes.load(context), Map.of());

  @Test
  void offUnlessEnabled() throws Exception {
    loader.parse("checks: []\n", Optional.empty());
    assertThat(context.guard().enabled()).isFalse();
  }

  @Test
  void anEnabledGuardReachesTheCheckTypesWhenApplied() throws Exception {
    AgentConfig config =
        loader.parse(
            "addressGuard:\n  enabled: true\n  deny: [10.9.0.0/16]\nchecks: []\n",
            Optional.empty());
    assertThat(context.guard().enabled()).isFalse(); // validating changes nothing
    loader.putInForce(config);
    assertThat(context.guard().denial(InetAddress.getByName("169.254.169.254"))).isPresent();
    assertThat(context.guard().denial(InetAddress.getByName("10.9.1.1"))).isPresent();
    assertThat(context.guard().denial(InetAddress.getByName("10.8.1.1"))).isEmpty();
  }

  @Test
  void badRangesAndStrayListsAreProblemsWithTheirPath() throws Exception {
    assertThatThrownBy(
            () ->
                loader.parse(
                    "addressGuard:\n  enabled: true\n  deny: [nope/8]\n", Optional.empty()))
        .hasMessageContaining("addressGuard.deny: must be an address or CIDR range");
    assertThatThrownBy(
            () -> loader.parse("addressGuard:\n  allow: [10.0.0.0/8]\n", Optional.empty()))
        .hasMessageContaining("addressGuard.enabled: must be true for allow and deny to apply");
    assertThat(context.guard().enabled()).isFalse(); // a rejected file changes nothing
  }
}
