package io.vigil.alerts.internal;

import io.vigil.alerts.Alert;
import io.vigil.alerts.Delivery;
import io.vigil.alerts.EmailSettings;
import io.vigil.alerts.Notification;
import io.vigil.alerts.Sink;
import io.vigil.core.Secrets;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * One plain-text email per notification over SMTP (Angus Mail): subject {@code [FIRING:2]
 * component=db CheckDown db}, a body with a paragraph per alert. A refused login or refused
 * addresses are not retried; anything else is.
 */
public final class EmailSink implements Sink {

  private final EmailSettings settings;
  private final Session session;

  /** An email sink. */
  public EmailSink(EmailSettings settings) {
    this.settings = settings;
    Properties p = new Properties();
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", String.valueOf(settings.port()));
    p.put("mail.smtp.auth", String.valueOf(settings.username().isPresent()));
    p.put("mail.smtp.starttls.enable", String.valueOf(settings.starttls()));
    p.put("mail.smtp.starttls.required", String.valueOf(settings.starttls()));
    String millis = String.valueOf(settings.timeout().toMillis());
    p.put("mail.smtp.connectiontimeout", millis);
    p.put("mail.smtp.timeout", millis);
    p.put("mail.smtp.writetimeout", millis);
    this.session = Session.getInstance(p);
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public Delivery send(Notification n) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress(settings.from()));
      for (String to : settings.to()) {
        message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      message.setSubject(subject(n), StandardCharsets.UTF_8.name());
      message.setText(body(n), StandardCharsets.UTF_8.name());
      message.setHeader("X-Vigil-Key", n.key());
      if (settings.username().isPresent()) {
        Transport.send(message, settings.username().get(), settings.password().orElse(""));
      } else {
        Transport.send(message);
      }
      return Delivery.delivered();
    } catch (AuthenticationFailedException e) {
      return new Delivery.Rejected("SMTP login refused");
    } catch (SendFailedException e) {
      return e.getValidSentAddresses() == null && e.getInvalidAddresses() != null
          ? new Delivery.Rejected("SMTP refused the addresses: " + text(e))
          : new Delivery.Retry("SMTP: " + text(e));
    } catch (MessagingException e) {
      return new Delivery.Retry("SMTP: " + text(e));
    }
  }

  private static String text(MessagingException e) {
    Throwable t = e.getNextException() != null ? e.getNextException() : e;
    return Secrets.maskText(t.getClass().getSimpleName() + ": " + t.getMessage());
  }

  static String subject(Notification n) {
    String group =
        n.groupLabels().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    String first =
        n.alerts().isEmpty()
            ? ""
            : " "
                + n.alerts().getFirst().labels().get("alertname")
                + n.alerts().getFirst().check().map(c -> " " + c).orElse("");
    return "["
        + n.status().toUpperCase(Locale.ROOT)
        + ":"
        + n.alerts().size()
        + "] "
        + group
        + first;
  }

  static String body(Notification n) {
    StringBuilder b = new StringBuilder();
    if (n.suppressed() > 0) {
      b.append(n.suppressed())
          .append(" notifications were held back by the rate limit; ")
          .append("this one sums them up.\n\n");
    }
    for (Alert a : n.alerts()) {
      b.append(a.firing() ? "FIRING" : "RESOLVED")
          .append(' ')
          .append(a.labels().get("alertname"))
          .append(a.check().map(c -> " " + c).orElse(""))
          .append(" (")
          .append(a.severity().id())
          .append(")\n")
          .append("  ")
          .append(Secrets.maskText(a.message()))
          .append('\n')
          .append("  since ")
          .append(a.startsAt())
          .append(a.endsAt().map(e -> ", resolved " + e).orElse(""))
          .append('\n');
      if (a.annotations().containsKey("runbook")) {
        b.append("  runbook: ").append(a.annotations().get("runbook")).append('\n');
      }
      b.append("  labels: ").append(a.labels()).append("\n\n");
    }
    return b.toString();
  }

  @Override
  public String describe() {
    return "email smtp://"
        + settings.host()
        + ":"
        + settings.port()
        + " to "
        + settings.to().size()
        + " recipient(s)"
        + (settings.starttls() ? " starttls" : "");
  }
}
