package io.vigil.agent;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The agent's logging, set up in code rather than from an XML file (parsing one took about a tenth
 * of the start-up): one line per event on standard output, {@code VIGIL_LOG_LEVEL} (default {@code
 * INFO}) for Vigil, warnings only from the libraries. With {@code -Dlogback.configurationFile} set,
 * that file is used instead, as logback does by default. Found by logback through {@code
 * META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %msg%n";

  /** Libraries that log at {@code WARN} and above only. */
  static final List<String> QUIET =
      List.of(
          "org.eclipse.jetty",
          "io.javalin",
          "oshi",
          "io.lettuce",
          "io.netty",
          "com.rabbitmq",
          "org.flywaydb",
          "com.zaxxer.hikari");

  /** The level of {@code VIGIL_LOG_LEVEL}; {@code INFO} when unset or not a level. */
  static Level level(Map<String, String> env) {
    return Level.toLevel(env.get("VIGIL_LOG_LEVEL"), Level.INFO);
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();
    for (String name : QUIET) {
      context.getLogger(name).setLevel(Level.WARN);
    }
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(System.getenv()));
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
