package io.vigil.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets before anything is shown or logged: values of secret-looking keys ({@code
 * password}, {@code token}, {@code secret}, {@code apiKey}, {@code credentials}, ...) and passwords
 * inside URLs and DSNs ({@code postgres://user:pw@host} → {@code postgres://user:******@host},
 * {@code password=pw} → {@code password=******}).
 */
public final class Secrets {

  /** What a masked value reads as. */
  public static final String MASK = "******";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i).*(pass(word|wd)?|secret|token|api[-_]?key|private[-_]?key|credential|authorization|cookie).*");

  /** A URL's password runs to the last '@' before the host (passwords may contain '@'). */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(://[^/@:\\s]*:)(\\S+)(@[^@\\s/?#]+)");

  private static final String SECRET_WORDS =
      "password|passwd|pass|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key"
          + "|credentials?|auth";

  private static final Pattern PARAM_PASSWORD =
      Pattern.compile("(?i)((?:[a-z_]*(?:" + SECRET_WORDS + "))\\s*[=:]\\s*)([^&;,\\s\"']+)");
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)(\\S+)");

  private Secrets() {}

  /** Whether a key names a secret. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /** The text with passwords inside URLs and {@code key=value} parameters masked. */
  public static String maskText(String text) {
    String masked = replace(URL_PASSWORD.matcher(text));
    masked = replace(BEARER.matcher(masked));
    return replace(PARAM_PASSWORD.matcher(masked));
  }

  private static String replace(Matcher m) {
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String tail = m.groupCount() >= 3 ? m.group(3) : "";
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + MASK + tail));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Command-line flags whose next argument is a secret (Nagios plugins and common tools). */
  private static final java.util.Set<String> SECRET_FLAGS =
      java.util.Set.of(
          "-p",
          "--password",
          "--pass",
          "--passwd",
          "-a",
          "--authorization",
          "--auth",
          "-C",
          "--community",
          "--secret",
          "--token",
          "--api-key",
          "--apikey");

  /** An argv list for display: the argument after a secret flag is masked, as are URL passwords. */
  public static String maskArgv(List<String> argv) {
    StringBuilder sb = new StringBuilder();
    boolean hideNext = false;
    for (String arg : argv) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(hideNext ? MASK : maskText(arg));
      hideNext = SECRET_FLAGS.contains(arg);
    }
    return sb.toString();
  }

  /** A deep copy with secret keys' values masked and secrets inside texts masked. */
  public static Map<String, Object> mask(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, isSecretKey(k) && v != null ? MASK : maskValue(v)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object maskValue(Object value) {
    if (value instanceof String s) {
      return maskText(s);
    }
    if (value instanceof Map<?, ?> map) {
      return mask((Map<String, ?>) map);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Secrets::maskValue).toList();
    }
    return value;
  }
}
