package io.vigil.server.internal;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Who may see details: everyone when no token is set, else callers with the bearer token. */
public final class Access {

  private final Optional<byte[]> token;

  public Access(Optional<String> token) {
    this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  public boolean tokenRequired() {
    return token.isPresent();
  }

  /** Whether the request carries the token (constant-time), or no token is required. */
  public boolean authorized(Context ctx) {
    return authorized(ctx.header("Authorization"));
  }

  /** Whether an {@code Authorization} header value (or null) carries the token. */
  public boolean authorized(String header) {
    if (token.isEmpty()) {
      return true;
    }
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, token.get());
  }

  /** Answers 401 and returns false unless authorized. */
  public boolean require(Context ctx) {
    if (authorized(ctx)) {
      return true;
    }
    ctx.header("WWW-Authenticate", "Bearer realm=\"vigil\"");
    Problems.send(
        ctx,
        401,
        "Unauthorized",
        "this endpoint needs the header 'Authorization: Bearer <token>' with the server's token");
    return false;
  }
}
