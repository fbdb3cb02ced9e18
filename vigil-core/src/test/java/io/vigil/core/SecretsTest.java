package io.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
