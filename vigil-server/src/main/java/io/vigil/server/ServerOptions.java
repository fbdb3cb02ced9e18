package io.vigil.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the health endpoints are served.
 *
 * @param host address to bind (default {@value #DEFAULT_HOST})
 * @param port port to bind (default {@value #DEFAULT_PORT}; 0 picks a free one)
 * @param token bearer token required for details and APIs; empty for none
 * @param allowAnonymous allow binding a non-loopback address without a token
 * @param drain how long readiness answers 503 before the server stops (default 2 s)
 * @param nodeId this node's name in responses
 * @param version the version shown in responses
 */
public record ServerOptions(
    String host,
    int port,
    Optional<String> token,
    boolean allowAnonymous,
    Duration drain,
    String nodeId,
    String version) {

  /** Loopback: nothing is exposed to the network unless asked. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The default port. */
  public static final int DEFAULT_PORT = 8080;

  /** The default drain time. */
  public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(2);

  /** Validates; a blank token counts as none. */
  public ServerOptions {
    Objects.requireNonNull(host, "host");
    token = token.filter(t -> !t.isBlank());
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, but was " + port);
    }
  }

  /** Loopback on 8080, no token, node {@code local}. */
  public static ServerOptions defaults() {
    return new ServerOptions(
        DEFAULT_HOST, DEFAULT_PORT, Optional.empty(), false, DEFAULT_DRAIN, "local", "dev");
  }

  /** These options on another port. */
  public ServerOptions withPort(int newPort) {
    return new ServerOptions(host, newPort, token, allowAnonymous, drain, nodeId, version);
  }

  /** These options with a token. */
  public ServerOptions withToken(String newToken) {
    return new ServerOptions(
        host, port, Optional.of(newToken), allowAnonymous, drain, nodeId, version);
  }

  /** These options on another host. */
  public ServerOptions withHost(String newHost, boolean anonymous) {
    return new ServerOptions(newHost, port, token, anonymous, drain, nodeId, version);
  }
}
