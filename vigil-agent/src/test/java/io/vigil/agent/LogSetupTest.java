package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {

  @Test
  void theAgentsLoggingIsSetUpInCodeWithQuietLibraries() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);

    assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
    assertThat(root.getAppender("STDOUT").isStarted()).isTrue();
    assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(context.getLogger("com.zaxxer.hikari").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.vigil.agent.Agent").getEffectiveLevel())
        .isEqualTo(LogSetup.level(System.getenv()));
  }

  @Test
  void vigilLogLevelSetsTheLevelAndAnythingElseMeansInfo() {
    assertThat(LogSetup.level(Map.of("VIGIL_LOG_LEVEL", "debug"))).isEqualTo(Level.DEBUG);
    assertThat(LogSetup.level(Map.of("VIGIL_LOG_LEVEL", "WARN"))).isEqualTo(Level.WARN);
    assertThat(LogSetup.level(Map.of("VIGIL_LOG_LEVEL", "loud"))).isEqualTo(Level.INFO);
    assertThat(LogSetup.level(Map.of())).isEqualTo(Level.INFO);
  }

  @Test
  void anOperatorsLogbackFileWins() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    System.setProperty("logback.configurationFile", "custom.xml");
    try {
      assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders())
          .isExhausted();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }

  @Test
  void logbackFindsTheSetUp() {
    var root =
        ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender("STDOUT")).isInstanceOf(ConsoleAppender.class);
  }
}
