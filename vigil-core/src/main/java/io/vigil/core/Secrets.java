package io.vigil.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
          "(?i).*(pass(word|wd)?|pwd|secret|token|api[-_]?key|private[-_]?key|credential"
              + "|authorization|cookie|signature).*");

  /** A URL's password runs to the last '@' before the host (passwords may contain '@'). */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(://[^/@:\\s]*:)(\\S+)(@[^@\\s/?#]+)");

  /**
   * {@code user:password@host} without a scheme, as drivers echo it back ("unknown host u:PW@db"),
   * and Oracle's {@code jdbc:oracle:thin:user/password@host}.
   */
  private static final Pattern BARE_USERINFO =
      Pattern.compile(
          "((?:^|(?<=[\\s\"'(\\[=,]))[^\\s/@:\"'(\\[=,]+:)([^\\s\"'/][^\\s\"']*)(@[\\w.\\[\\]-]+)");

  private static final Pattern ORACLE_USERINFO =
      Pattern.compile("(?i)(jdbc:oracle:[a-z0-9]+:[^\\s/@:]*/)([^\\s@]+)(@)");

  private static final String SECRET_WORDS =
      "password|passwd|pass|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key"
          + "|credentials?|auth|sig|signature";

  /** {@code key=value}, {@code key: value}, {@code "key":"value"} with a secret-looking key. */
  private static final Pattern QUOTED_PARAM =
      Pattern.compile(
          "(?i)([\"'][a-z0-9_.-]*(?:" + SECRET_WORDS + ")[\"']\\s*[=:]\\s*\")([^\"]*)(\")");

  private static final Pattern PARAM_PASSWORD =
      Pattern.compile(
          "(?i)((?<![a-z0-9])[a-z0-9_.-]*(?:"
              + SECRET_WORDS
              + ")[\"']?\\s*[=:]\\s*[\"']?)([^&;,\\s\"']+)");

  /** {@code --db-pass PW} written out in a text. */
  private static final Pattern FLAG_VALUE =
      Pattern.compile(
          "(?i)((?<!\\S)--?[a-z-]*(?:pass|passwd|password|pwd|secret|token|api-?key)[a-z-]*\\s+)"
              + "([^\\s-][^\\s]*)");

  private static final Pattern AUTH_SCHEME =
      Pattern.compile("(?i)((?:bearer|authorization:\\s*basic)\\s+)([A-Za-z0-9._~+/=-]+)");

  private Secrets() {}

  /** Whether a key names a secret. */
  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /**
   * The text with secrets masked: passwords inside URLs and DSNs (with or without a scheme), {@code
   * key=value}, {@code key: value} and JSON {@code "key": "value"} pairs whose key names a secret,
   * secret command-line flags' values, and bearer or basic credentials.
   */
  public static String maskText(String text) {
    // Each pattern runs only when the text holds a character it cannot match without, so the
    // usual message ("HTTP 200 in 3 ms") costs a few scans rather than seven regular expressions.
    String masked = text;
    if (masked.indexOf('@') >= 0) {
      masked = replace(URL_PASSWORD.matcher(masked));
      masked = replace(ORACLE_USERINFO.matcher(masked));
      masked = replace(BARE_USERINFO.matcher(masked));
    }
    if (containsIgnoreCase(masked, "bearer") || containsIgnoreCase(masked, "basic")) {
      masked = replace(AUTH_SCHEME.matcher(masked));
    }
    boolean pairs = masked.indexOf('=') >= 0 || masked.indexOf(':') >= 0;
    if (pairs && (masked.indexOf('"') >= 0 || masked.indexOf('\'') >= 0)) {
      masked = replace(QUOTED_PARAM.matcher(masked));
    }
    if (masked.indexOf('-') >= 0) {
      masked = replace(FLAG_VALUE.matcher(masked));
    }
    return pairs ? replace(PARAM_PASSWORD.matcher(masked)) : masked;
  }

  private static boolean containsIgnoreCase(String text, String word) {
    for (int i = 0; i + word.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

  private static String replace(Matcher m) {
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = m.group(2);
      String tail = m.groupCount() >= 3 ? m.group(3) : "";
      // Already masked by an earlier pattern (a URL's password): leave the text as it is.
      boolean masked = value.equals(MASK) || value.endsWith(":" + MASK) || value.contains("//");
      String replacement = masked ? m.group() : m.group(1) + MASK + tail;
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Command-line flags whose next argument is a secret (Nagios plugins and common tools). */
  private static final Set<String> SECRET_FLAGS =
      Set.of(
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

  private static final Pattern SECRET_LONG_FLAG =
      Pattern.compile("(?i)--[a-z-]*(pass|pwd|secret|token|api-?key|auth|credential)[a-z-]*");

  /** An argv list for display: the argument after a secret flag is masked, as are URL passwords. */
  public static String maskArgv(List<String> argv) {
    return String.join(" ", maskArgs(argv));
  }

  /**
   * Each argument masked for display: the one after a secret flag ({@code -p PW}, {@code --db-pass
   * PW}), a value attached to a short secret flag ({@code -pPW}), {@code --password=PW}, and
   * secrets inside any argument's text.
   */
  public static List<String> maskArgs(List<String> argv) {
    List<String> masked = new ArrayList<>(argv.size());
    boolean hideNext = false;
    for (String arg : argv) {
      String shortFlag = arg.length() > 2 && !arg.startsWith("--") ? arg.substring(0, 2) : "";
      if (hideNext) {
        masked.add(MASK);
      } else if (SECRET_FLAGS.contains(shortFlag)) {
        masked.add(shortFlag + MASK);
      } else {
        masked.add(maskText(arg));
      }
      hideNext = SECRET_FLAGS.contains(arg) || SECRET_LONG_FLAG.matcher(arg).matches();
    }
    return masked;
  }

  /**
   * The secret values of an argv list, as {@link #maskArgs} finds them ({@code PW} of {@code -p
   * PW}, {@code -pPW} and {@code --db-pass PW}), so that output echoing them can be masked too.
   */
  public static List<String> secretArgs(List<String> argv) {
    List<String> masked = maskArgs(argv);
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      if (masked.get(i).equals(MASK)) {
        secrets.add(arg);
      } else if (masked.get(i).equals(arg.substring(0, Math.min(2, arg.length())) + MASK)) {
        secrets.add(arg.substring(2));
      }
    }
    return secrets;
  }

  /** A deep copy with secret keys' values masked and secrets inside texts and argv lists masked. */
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
      if (!list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
        return maskArgs((List<String>) list); // an argv list: a flag masks the next argument
      }
      return list.stream().map(Secrets::maskValue).toList();
    }
    return value;
  }
}
