package io.vigil.checks.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command prints about its own secrets, and runs that have no time at all. */
class CommandCheckSecretsTest {

  @TempDir Path dir;

  private Path script(String body) throws Exception {
    Path file = dir.resolve("script-" + UUID.randomUUID() + ".sh");
    Files.writeString(file, "#!/bin/sh\n" + body);
    file.toFile().setExecutable(true);
    return file;
  }

  private static String everything(Result r) {
    return r.message() + " " + r.details() + " " + r.error().orElse("");
  }

  @Test
  void aScriptPrintingItsOwnSecretsDoesNotLeakThem() throws Exception {
    String password = "canary-pw-" + UUID.randomUUID();
    String token = "canary-tok-" + UUID.randomUUID();
    Path printer =
        script(
            "echo \"connecting with $DB_PASSWORD and $API_TOKEN | 'x$DB_PASSWORD'=1\"\n"
                + "echo \"second line $API_TOKEN\"\n"
                + "echo \"$DB_PASSWORD\" >&2\n"
                + "exit 2\n");
    Result r =
        new CommandCheck(
                List.of(printer.toString()),
                Map.of("DB_PASSWORD", password, "API_TOKEN", token, "MODE", "plain"),
                List.of("PATH"),
                Optional.empty())
            .check(TestContext.standard());
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.message()).isEqualTo("connecting with ****** and ******");
    assertThat(everything(r)).doesNotContain(password, token).contains("second line ******");
  }

  @Test
  void aSecretPassedOnFromTheAgentIsMaskedToo() throws Exception {
    String path = System.getenv("PATH");
    Path printer = script("echo \"path is $PATH\"\n");
    Result plain =
        new CommandCheck(List.of(printer.toString()), Map.of(), List.of("PATH"), Optional.empty())
            .check(TestContext.standard());
    assertThat(plain.message()).isEqualTo("path is " + path); // PATH is not a secret name
    assertThat(
            SecretValues.of(
                    List.of(), Map.of(), List.of("SOME_TOKEN"), Map.of("SOME_TOKEN", "s3cr3t-v"))
                .mask("it is s3cr3t-v"))
        .isEqualTo("it is ******");
  }

  @Test
  void aRunWithNoTimeLeftIsATimeoutNotAnError() throws Exception {
    Path marker = dir.resolve("started");
    Path toucher = script("touch " + marker + "\n");
    TestContext ctx = TestContext.withTimeout(Duration.ofMillis(1));
    await().atMost(Duration.ofSeconds(5)).until(ctx::isExpired);
    Result r =
        new CommandCheck(
                List.of(toucher.toString()), Map.of(), CommandCheck.DEFAULT_ENV, Optional.empty())
            .check(ctx);
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.message()).startsWith("timed out after 1ms: " + toucher);
    assertThat(marker).doesNotExist();
  }
}
