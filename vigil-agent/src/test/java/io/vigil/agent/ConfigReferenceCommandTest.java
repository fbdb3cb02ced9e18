package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.config.ConfigReference;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vigil config-reference} prints the generated reference and stays out of the help. */
class ConfigReferenceCommandTest {

  @Test
  void printsTheReferenceAndIsHidden() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("config-reference")).isZero();
    assertThat(out.toString()).isEqualTo(ConfigReference.markdown()).contains("## `server`");
    assertThat(cli.getUsageMessage()).doesNotContain("config-reference");
  }
}
