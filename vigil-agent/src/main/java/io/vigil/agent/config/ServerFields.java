package io.vigil.agent.config;

import io.vigil.checks.CheckSettings;
import io.vigil.core.Durations;
import io.vigil.server.ServerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code server} and {@code node} sections: how and as whom the endpoints are served. */
final class ServerFields {

  private static final ServerOptions DEFAULTS = ServerOptions.defaults();

  /** The {@code server} section. */
  static final Section<Draft> SERVER =
      new Section<>(
          "server",
          List.of(
              new Field<>(
                  "host",
                  "text",
                  code(DEFAULTS.host()),
                  "address to bind. Any non-loopback address needs a `token` or"
                      + " `allowAnonymous: true`, else the agent refuses to start (exit 1, before"
                      + " any check runs)",
                  (s, d) -> s.string("host").ifPresent(v -> d.host = v)),
              new Field<>(
                  "port",
                  "whole number",
                  code(String.valueOf(DEFAULTS.port())),
                  "`0` picks a free port (printed at start)",
                  ServerFields::port),
              new Field<>(
                  "token",
                  "text",
                  "none (`VIGIL_TOKEN`)",
                  "bearer token for details and APIs, compared in constant time",
                  (s, d) -> s.string("token").ifPresent(v -> d.token = Optional.of(v))),
              new Field<>(
                  "allowAnonymous",
                  "true/false",
                  "`false`",
                  "serve details without a token on a non-loopback address",
                  (s, d) -> d.allowAnonymous = s.bool("allowAnonymous", d.allowAnonymous)),
              new Field<>(
                  "drain",
                  "duration",
                  code(Durations.format(DEFAULTS.drain())),
                  "after SIGTERM, readiness answers 503 this long before the server stops",
                  (s, d) -> d.drain = s.duration("drain", d.drain))));

  /** The {@code node} section. */
  static final Section<Draft> NODE =
      new Section<>(
          "node",
          List.of(
              new Field<>(
                  "id",
                  "text",
                  "`$HOSTNAME`, else `local`",
                  "this node's name in `/health`",
                  (s, d) -> s.string("id").ifPresent(v -> d.nodeId = v))));

  private ServerFields() {}

  private static void port(CheckSettings s, Draft d) {
    int port = s.integer("port", d.port, 0);
    if (port > 65535) {
      s.problem("port", "must be at most 65535, but was " + port);
      return;
    }
    d.port = port;
  }

  private static String code(String value) {
    return "`" + value + "`";
  }

  /** The server options being read; starts from the defaults and the environment. */
  static final class Draft {
    private String host = DEFAULTS.host();
    private int port = DEFAULTS.port();
    private Optional<String> token;
    private boolean allowAnonymous = DEFAULTS.allowAnonymous();
    private Duration drain = DEFAULTS.drain();
    private String nodeId;

    /** {@code VIGIL_TOKEN} is the default token, {@code HOSTNAME} the default node id. */
    Draft(Map<String, String> env) {
      token = Optional.ofNullable(env.get("VIGIL_TOKEN"));
      nodeId = env.getOrDefault("HOSTNAME", "local");
    }

    ServerOptions options() {
      return new ServerOptions(
          host, port, token, allowAnonymous, drain, nodeId, DEFAULTS.version());
    }
  }
}
