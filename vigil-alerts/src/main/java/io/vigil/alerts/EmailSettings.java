package io.vigil.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An email sink: one message per notification over SMTP.
 *
 * @param name the sink's name
 * @param host the SMTP server
 * @param port its port (25, 587 with STARTTLS, ...)
 * @param from the sender address
 * @param to the recipients
 * @param username for SMTP authentication, if it needs one
 * @param password for SMTP authentication (never logged or shown)
 * @param starttls whether to require STARTTLS before authenticating
 * @param timeout of connecting, reading and writing
 */
public record EmailSettings(
    String name,
    String host,
    int port,
    String from,
    List<String> to,
    Optional<String> username,
    Optional<String> password,
    boolean starttls,
    Duration timeout) {

  /** Copies the recipients. */
  public EmailSettings {
    to = List.copyOf(to);
  }
}
