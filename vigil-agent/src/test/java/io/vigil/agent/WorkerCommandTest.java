package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vigil worker} in-process, for the ways it refuses to start: exit 2 naming the option. */
class WorkerCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void badOptionsAreRefusedNamingTheOptionAndNeverEchoingTheUrl() {
    assertThat(run("worker", "--store", "jdbc:sqlite:x.db", "--dead-after", "soon")).isEqualTo(2);
    assertThat(err.toString()).contains("vigil: --dead-after: ").contains("'soon'");
    assertThat(run("worker", "--store", "jdbc:sqlite:x.db", "--dead-after", "200ms")).isEqualTo(2);
    assertThat(err.toString()).contains("--dead-after: must be at least 1s, but was 200ms");
    assertThat(run("worker", "--store", "jdbc:sqlite:x.db", "--concurrency", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--concurrency: must be at least 1, but was 0");
    assertThat(run("worker", "--store", "jdbc:mysql://vigil:hunter2@db/vigil")).isEqualTo(2);
    assertThat(err.toString()).contains("vigil: --store: ").doesNotContain("hunter2");
    assertThat(out.toString()).isEmpty();
  }
}
