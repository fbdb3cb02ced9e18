package io.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {

  @Test
  void masksPasswordsInUrlsAndParameters() {
    assertThat(Secrets.maskText("postgres://app:s3cret@db:5432/main"))
        .isEqualTo("postgres://app:******@db:5432/main");
    assertThat(Secrets.maskText("jdbc:mariadb://h/db?user=root&password=pw&ssl=true"))
        .isEqualTo("jdbc:mariadb://h/db?user=root&password=******&ssl=true");
    assertThat(Secrets.maskText("http://host/path")).isEqualTo("http://host/path");
    assertThat(Secrets.maskText("https://h/health?api_key=SEKRET&x=1"))
        .isEqualTo("https://h/health?api_key=******&x=1");
    assertThat(Secrets.maskText("Authorization: Bearer SEKRET")).doesNotContain("SEKRET");
    assertThat(Secrets.maskText("amqp://u:p@ss@host:5672/"))
        .isEqualTo("amqp://u:******@host:5672/");
    assertThat(Secrets.maskText("client_secret: abc")).isEqualTo("client_secret: ******");
  }

  @Test
  void masksSecretKeysDeeply() {
    Map<String, Object> masked =
        Secrets.mask(
            Map.of(
                "url",
                "redis://:pw@localhost:6379",
                "nested",
                Map.of("apiKey", "abc", "port", 1),
                "token",
                "t",
                "list",
                List.of("amqp://guest:guest@localhost")));
    assertThat(masked)
        .containsEntry("url", "redis://:******@localhost:6379")
        .containsEntry("token", Secrets.MASK)
        .containsEntry("nested", Map.of("apiKey", Secrets.MASK, "port", 1))
        .containsEntry("list", List.of("amqp://guest:******@localhost"));
  }

  @Test
  void masksSecretArgumentsOfCommands() {
    assertThat(Secrets.maskArgv(List.of("check_mysql", "-u", "mon", "-p", "s3cret", "-P", "3306")))
        .isEqualTo("check_mysql -u mon -p ****** -P 3306");
    assertThat(Secrets.maskArgv(List.of("tool", "--password=s3cret")))
        .isEqualTo("tool --password=******");
  }

  @Test
  void recognisesSecretKeys() {
    assertThat(Secrets.isSecretKey("password")).isTrue();
    assertThat(Secrets.isSecretKey("dbPassword")).isTrue();
    assertThat(Secrets.isSecretKey("client_secret")).isTrue();
    assertThat(Secrets.isSecretKey("Authorization")).isTrue();
    assertThat(Secrets.isSecretKey("path")).isFalse();
  }

  /** Every way a secret reached an operator's screen or the log in the field, with a canary. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "unknown host u:CANARY1@db.internal",
        "jdbc:postgresql://u:CANARY1@host:5432/db",
        "jdbc:oracle:thin:scott/CANARY1@db:1521:orcl",
        "{\"user\":\"app\",\"password\":\"CANARY1\"}",
        "{\"password\": \"CANARY1 with spaces\"}",
        "https://h/x?sig=CANARY1&a=1",
        "https://h/x?token=CANARY1",
        "https://h/x?X-Amz-Signature=CANARY1",
        "run with --db-pass CANARY1 now",
        "--password CANARY1",
        "Authorization: Bearer CANARY1",
        "Authorization: Basic CANARY1",
        "client_secret=CANARY1",
        "password: 'CANARY1'",
        "apiKey=CANARY1",
        "redis://:CANARY1@localhost:6379"
      })
  void masksEveryCanaryInText(String text) {
    assertThat(Secrets.maskText(text)).doesNotContain("CANARY1").contains(Secrets.MASK);
  }

  @Test
  void masksOnlyOnceAndKeepsTheRest() {
    String once = Secrets.maskText("postgres://app:s3cret@db:5432/main");
    assertThat(Secrets.maskText(once)).isEqualTo(once);
    assertThat(Secrets.maskText("unknown host u:pw@db")).isEqualTo("unknown host u:******@db");
    assertThat(Secrets.maskText("(jdbc:postgresql://u:pw@h:1/test)"))
        .isEqualTo("(jdbc:postgresql://u:******@h:1/test)");
    assertThat(Secrets.secretArgs(List.of("tool", "-pPW1", "--password", "PW2", "-P", "3306")))
        .containsExactly("PW1", "PW2");
    assertThat(Secrets.maskText("{\"password\":\"pw\",\"n\":1}"))
        .isEqualTo("{\"password\":\"******\",\"n\":1}");
    assertThat(Secrets.maskText("took 12:30 at host, 3 checks failing: db, cache"))
        .isEqualTo("took 12:30 at host, 3 checks failing: db, cache");
  }

  @Test
  void masksArgvSecretsInEveryForm() {
    assertThat(Secrets.maskArgs(List.of("tool", "--password", "PW1", "-pPW2", "--db-pass", "PW3")))
        .containsExactly(
            "tool", "--password", Secrets.MASK, "-p" + Secrets.MASK, "--db-pass", Secrets.MASK);
    assertThat(Secrets.maskArgs(List.of("check_http", "-H", "host", "-P", "3306")))
        .containsExactly("check_http", "-H", "host", "-P", "3306");
    Map<String, Object> masked =
        Secrets.mask(Map.of("command", List.of("mysql", "--password", "PW4", "-pPW5")));
    assertThat(masked.toString()).doesNotContain("PW4").doesNotContain("PW5");
  }
}
