package io.vigil.checks.command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Nagios performance data: {@code 'label'=value[UOM];[warn];[crit];[min];[max]}, separated by
 * spaces; labels with spaces are quoted. Items that do not parse are skipped.
 */
public final class Perfdata {

  private static final Pattern ITEM =
      Pattern.compile(
          "\\s*('([^']*)'|[^'=\\s]+)=(-?[0-9.]+)([a-zA-Z%]*)(?:;([^;\\s]*))?(?:;([^;\\s]*))?(?:;([^;\\s]*))?(?:;([^;\\s]*))?");

  private Perfdata() {}

  /**
   * Each label with {@code value} and, where given, {@code uom}, {@code warn}, {@code crit}, {@code
   * min}, {@code max}.
   */
  public static Map<String, Map<String, Object>> parse(String text) {
    Map<String, Map<String, Object>> items = new LinkedHashMap<>();
    Matcher m = ITEM.matcher(text);
    int at = 0;
    while (at < text.length() && m.find(at)) {
      String label = m.group(2) != null ? m.group(2) : m.group(1);
      Map<String, Object> item = new LinkedHashMap<>();
      try {
        item.put("value", Double.parseDouble(m.group(3)));
      } catch (NumberFormatException e) {
        at = m.end();
        continue;
      }
      if (!m.group(4).isEmpty()) {
        item.put("uom", m.group(4));
      }
      String[] names = {"warn", "crit", "min", "max"};
      for (int i = 0; i < names.length; i++) {
        String v = m.group(5 + i);
        if (v != null && !v.isEmpty()) {
          item.put(names[i], v);
        }
      }
      items.put(label, item);
      at = m.end();
    }
    return items;
  }
}
