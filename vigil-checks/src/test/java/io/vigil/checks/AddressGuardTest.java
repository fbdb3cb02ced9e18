package io.vigil.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void offAllowsEverything() throws Exception {
    assertThat(AddressGuard.off().denial(ip("169.254.169.254"))).isEmpty();
  }

  @Test
  void onDeniesLinkLocalAndMetadataByDefault() throws Exception {
    AddressGuard guard = AddressGuard.of(List.of(), List.of());
    assertThat(guard.denial(ip("169.254.169.254")))
        .contains("169.254.169.254 is denied by the address guard (169.254.0.0/16)");
    assertThat(guard.denial(ip("::ffff:169.254.169.254"))).isPresent(); // IPv4-mapped
    assertThat(guard.denial(ip("fd00:ec2::254"))).isPresent();
    assertThat(guard.denial(ip("fe80::1"))).isPresent();
    assertThat(guard.denial(ip("100.100.100.200"))).isPresent();
    assertThat(guard.denial(ip("10.1.2.3"))).isEmpty();
    assertThat(guard.denial(ip("127.0.0.1"))).isEmpty();
    assertThat(guard.denial(ip("2001:db8::1"))).isEmpty();
  }

  @Test
  void allowListsAdmitOnlyThemselvesAndLiftTheDefaultsTheyName() throws Exception {
    AddressGuard guard = AddressGuard.of(List.of("10.0.0.0/8", "169.254.10.0/24"), List.of());
    assertThat(guard.denial(ip("10.200.0.1"))).isEmpty();
    assertThat(guard.denial(ip("169.254.10.7"))).isEmpty(); // allowed explicitly
    assertThat(guard.denial(ip("169.254.169.254"))).isPresent();
    assertThat(guard.denial(ip("192.168.1.1")))
        .contains("192.168.1.1 is outside the address guard's allow-list");
  }

  @Test
  void extraDenialsWinOverAllowances() throws Exception {
    AddressGuard guard = AddressGuard.of(List.of("10.0.0.0/8"), List.of("10.9.0.0/16"));
    assertThat(guard.denial(ip("10.9.1.1")))
        .contains("10.9.1.1 is denied by the address guard (10.9.0.0/16)");
    assertThat(guard.denial(ip("10.8.1.1"))).isEmpty();
  }

  @Test
  void aNameWithADeniedAddressIsDeniedWhole() {
    AddressGuard guard = AddressGuard.of(List.of(), List.of("127.0.0.0/8", "::1/128"));
    assertThatThrownBy(() -> guard.resolve("localhost", Duration.ofSeconds(5)))
        .isInstanceOf(AddressGuard.DeniedException.class)
        .hasMessageStartingWith("localhost resolves to ");
  }

  @Test
  void entriesMustBeAddressesOrRanges() {
    assertThatThrownBy(() -> AddressGuard.of(List.of("example.com/8"), List.of()))
        .hasMessageContaining("must be an address or CIDR range")
        .hasMessageContaining("example.com/8");
    assertThatThrownBy(() -> AddressGuard.of(List.of(), List.of("10.0.0.0/33")))
        .hasMessageContaining("10.0.0.0/33");
  }
}
