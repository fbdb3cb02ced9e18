package io.vigil.checks;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which addresses network checks ({@code http} with every redirect hop, {@code tcp}, {@code tls})
 * may connect to. Off by default; when on, link-local and cloud metadata addresses ({@link
 * #DEFAULT_DENY}) are denied unless allowed by CIDR, extra ranges can be denied, and a non-empty
 * allow-list admits nothing else. A check resolves the name once, asks the guard about every
 * address, and connects to the address it checked, so a name that changes its answer in between
 * (DNS rebinding) cannot slip through. A name with any denied address is denied whole.
 */
public final class AddressGuard {

  /**
   * Denied by default when the guard is on: IPv4 and IPv6 link-local (which holds the metadata
   * service of AWS, GCP and Azure, 169.254.169.254), AWS's IPv6 metadata address and Alibaba
   * Cloud's metadata address.
   */
  public static final List<String> DEFAULT_DENY =
      List.of("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32");

  private static final AddressGuard OFF = new AddressGuard(false, List.of(), List.of());

  /** A range of addresses, {@code 10.0.0.0/8} or {@code fe80::/10}. */
  private record Cidr(String text, byte[] network, int bits) {

    static Cidr parse(String text) {
      String[] parts = text.strip().split("/", 2);
      try {
        if (!parts[0].matches("[0-9a-fA-F:.]+")) {
          throw new UnknownHostException(parts[0]); // never resolved: addresses only
        }
        byte[] address = InetAddress.getByName(parts[0]).getAddress();
        int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
        if (bits < 0 || bits > address.length * 8) {
          throw new NumberFormatException();
        }
        return new Cidr(text.strip(), address, bits);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException(
            "must be an address or CIDR range such as 10.0.0.0/8 or fe80::/10, but was '"
                + text
                + "'");
      }
    }

    boolean contains(InetAddress address) {
      byte[] a = address.getAddress();
      if (a.length != network.length) {
        return false;
      }
      int shift = a.length * 8 - bits;
      return bits == 0
          || new BigInteger(1, a)
              .shiftRight(shift)
              .equals(new BigInteger(1, network).shiftRight(shift));
    }
  }

  /** An address the guard refused, with the reason. */
  public static final class DeniedException extends IOException {
    private static final long serialVersionUID = 1L;

    DeniedException(String message) {
      super(message);
    }
  }

  private final boolean enabled;
  private final List<Cidr> allow;
  private final List<Cidr> deny;

  private AddressGuard(boolean enabled, List<Cidr> allow, List<Cidr> deny) {
    this.enabled = enabled;
    this.allow = List.copyOf(allow);
    this.deny = List.copyOf(deny);
  }

  /** No guard: every address may be checked (the default). */
  public static AddressGuard off() {
    return OFF;
  }

  /**
   * A guard that denies {@link #DEFAULT_DENY} unless in {@code allow}, always denies {@code deny},
   * and, when {@code allow} is not empty, denies everything outside it.
   *
   * @throws IllegalArgumentException naming an entry that is not an address or CIDR range
   */
  public static AddressGuard of(List<String> allow, List<String> deny) {
    List<Cidr> denied = new ArrayList<>();
    DEFAULT_DENY.forEach(d -> denied.add(Cidr.parse(d)));
    deny.forEach(d -> denied.add(Cidr.parse(d)));
    return new AddressGuard(true, allow.stream().map(Cidr::parse).toList(), denied);
  }

  /** Whether the guard is on. */
  public boolean enabled() {
    return enabled;
  }

  /** Why {@code address} may not be checked, or empty when it may. */
  public Optional<String> denial(InetAddress address) {
    if (!enabled) {
      return Optional.empty();
    }
    Optional<Cidr> allowed = allow.stream().filter(c -> c.contains(address)).findFirst();
    for (int i = 0; i < deny.size(); i++) {
      Cidr range = deny.get(i);
      boolean builtIn = i < DEFAULT_DENY.size();
      if (range.contains(address) && (!builtIn || allowed.isEmpty())) {
        return Optional.of(
            address.getHostAddress() + " is denied by the address guard (" + range.text() + ")");
      }
    }
    if (!allow.isEmpty() && allowed.isEmpty()) {
      return Optional.of(address.getHostAddress() + " is outside the address guard's allow-list");
    }
    return Optional.empty();
  }

  /**
   * The addresses of {@code host}, each allowed by the guard, resolved at most within {@code
   * timeout}: connect to one of these, not to the name.
   *
   * @throws DeniedException when any address of the name is denied
   * @throws UnknownHostException when the name does not resolve
   * @throws java.net.SocketTimeoutException when resolving takes longer than {@code timeout}
   */
  public List<InetAddress> resolve(String host, Duration timeout) throws IOException {
    List<InetAddress> addresses = lookup(host, timeout);
    for (InetAddress address : addresses) {
      Optional<String> why = denial(address);
      if (why.isPresent()) {
        throw new DeniedException(
            (address.getHostAddress().equals(host) ? "" : host + " resolves to ") + why.get());
      }
    }
    return addresses;
  }

  private static List<InetAddress> lookup(String host, Duration timeout) throws IOException {
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    // The resolver cannot be interrupted: wait for it on its own thread, at most until the
    // deadline.
    CompletableFuture<InetAddress[]> answer = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                answer.complete(InetAddress.getAllByName(name));
              } catch (UnknownHostException | RuntimeException e) {
                answer.completeExceptionally(e);
              }
            });
    try {
      return List.of(answer.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      throw new java.net.SocketTimeoutException("timed out resolving " + name);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException u) {
        throw u;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while resolving " + name);
    }
  }
}
