package io.vigil.checks;

import io.vigil.core.Result;
import io.vigil.core.Secrets;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/**
 * Failure messages that name the target and the cause, e.g. {@code connection refused to
 * 127.0.0.1:6380}, with credentials masked.
 */
public final class Failures {

  private Failures() {}

  /** A CRITICAL result describing why {@code target} could not be checked. */
  public static Result critical(String target, Throwable error) {
    return Result.critical(describe(target, error), error)
        .withDetail("target", Secrets.maskText(target));
  }

  /** Why {@code target} failed, in a few words. */
  public static String describe(String target, Throwable error) {
    Throwable cause = root(error);
    String where = Secrets.maskText(target);
    String text;
    if (find(error, HttpConnectTimeoutException.class) != null
        || find(error, SocketTimeoutException.class) != null) {
      text = "timed out talking to " + where;
    } else if (cause instanceof ConnectException) {
      text = "connection refused to " + where;
    } else if (cause instanceof UnknownHostException) {
      text = "unknown host " + cause.getMessage() + " (" + where + ")";
    } else if (cause instanceof NoRouteToHostException) {
      text = "no route to " + where;
    } else if (cause instanceof SocketTimeoutException
        || cause instanceof HttpConnectTimeoutException
        || cause instanceof HttpTimeoutException
        || cause instanceof InterruptedIOException) {
      text = "timed out talking to " + where;
    } else if (find(error, SSLException.class) != null) {
      text = "TLS failed with " + where + ": " + deepest(error).getMessage();
    } else {
      String message = cause.getMessage();
      text =
          where
              + ": "
              + cause.getClass().getSimpleName()
              + (message == null || message.isBlank() ? "" : ": " + message);
    }
    return Secrets.maskText(text);
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    Throwable t = error;
    for (int i = 0; i < 10 && t != null; i++) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return null;
  }

  private static Throwable deepest(Throwable error) {
    Throwable t = error;
    for (int i = 0; i < 10 && t.getCause() != null && t.getCause() != t; i++) {
      t = t.getCause();
    }
    return t;
  }

  private static Throwable root(Throwable error) {
    Throwable t = error;
    for (int i = 0; i < 10 && t.getCause() != null && t.getCause() != t; i++) {
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        return t;
      }
      t = t.getCause();
    }
    return t;
  }
}
