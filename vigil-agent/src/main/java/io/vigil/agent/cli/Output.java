package io.vigil.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints what a command got: tables for people (status coloured only on a terminal, and never when
 * {@code NO_COLOR} is set), or the agent's JSON as JSON or YAML for scripts.
 */
final class Output {

  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());

  private final PrintWriter out;
  private final ClientOptions.Format format;
  private final boolean colour;

  Output(PrintWriter out, ClientOptions.Format format, boolean colour) {
    this.out = out;
    this.format = format;
    this.colour = colour;
  }

  /** Whether to colour: standard output is a terminal, and neither NO_COLOR nor TERM=dumb. */
  static boolean colourWanted(Map<String, String> env) {
    if (env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM"))) {
      return false;
    }
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // Java 22+: a console exists even when redirected; isTerminal() tells
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  boolean table() {
    return format == ClientOptions.Format.table;
  }

  /** Prints {@code value} as JSON or YAML (for --output json|yaml). */
  void data(Object value) {
    try {
      out.println(
          format == ClientOptions.Format.yaml
              ? YAML.writeValueAsString(value).stripTrailing()
              : PRETTY.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** A status word, coloured on a terminal: green, yellow, red, magenta. */
  String status(String status) {
    String word = status.toUpperCase(Locale.ROOT);
    if (!colour) {
      return word;
    }
    String code =
        switch (status.toLowerCase(Locale.ROOT)) {
          case "ok", "healthy", "active", "succeeded" -> "32";
          case "warning", "degraded", "suspect", "pending", "queued", "running" -> "33";
          case "critical", "unhealthy", "dead", "failed" -> "31";
          case "unknown" -> "35";
          default -> "0";
        };
    return "\u001b[" + code + "m" + word + "\u001b[0m";
  }

  /** Prints rows under a header, each column as wide as its widest cell (colour codes aside). */
  void table(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size() && i < widths.length; i++) {
        widths[i] = Math.max(widths[i], visible(row.get(i)));
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - visible(cell) + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static int visible(String cell) {
    return cell.replaceAll("\u001b\\[[0-9;]*m", "").length();
  }

  /** A JSON field as text, "-" when absent. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isMissingNode() || v.isNull() ? "-" : v.asText();
  }
}
