package io.vigil.checks.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.checks.Thresholds;
import io.vigil.checks.testing.Services;
import io.vigil.core.Result;
import io.vigil.core.Status;
import io.vigil.core.testing.TestContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against the machine's PostgreSQL and MariaDB. */
class JdbcCheckTest {

  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String MARIA = "jdbc:mariadb://127.0.0.1:3306/test";

  private static Result run(JdbcCheck check) {
    return check.check(TestContext.standard());
  }

  @Test
  void postgresValidConnectionAndQuery() {
    Services.require(Services.POSTGRES, 5432);
    Result valid =
        run(
            new JdbcCheck(
                PG,
                Optional.of("postgres"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    assertThat(valid.status()).as(valid.message()).isEqualTo(Status.OK);
    Result query =
        run(
            new JdbcCheck(
                PG,
                Optional.of("postgres"),
                Optional.empty(),
                Optional.of("SELECT 40 + 2"),
                Optional.of("42"),
                Optional.of(new Thresholds(10, 60))));
    assertThat(query.status()).as(query.message()).isEqualTo(Status.OK);
    assertThat(query.details()).containsEntry("replication_lag_seconds", 0.0);
  }

  @Test
  void unexpectedValueIsCritical() {
    Services.require(Services.POSTGRES, 5432);
    Result r =
        run(
            new JdbcCheck(
                PG,
                Optional.of("postgres"),
                Optional.empty(),
                Optional.of("SELECT 1"),
                Optional.of("2"),
                Optional.empty()));
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.message()).contains("returned '1', expected '2'");
  }

  @Test
  void mariadbConnectsAndRejectsAWrongPasswordWithoutShowingIt() {
    Services.require(Services.MARIADB, 3306);
    Result ok =
        run(
            new JdbcCheck(
                MARIA,
                Optional.of("root"),
                Optional.of(""),
                Optional.of("SELECT 1"),
                Optional.of("1"),
                Optional.empty()));
    assertThat(ok.status()).as(ok.message()).isEqualTo(Status.OK);
    Result denied =
        run(
            new JdbcCheck(
                MARIA + "?password=hunter2",
                Optional.of("root"),
                Optional.of("hunter2"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    assertThat(denied.status()).isEqualTo(Status.CRITICAL);
    assertThat(denied.message()).containsIgnoringCase("access denied").doesNotContain("hunter2");
    assertThat(denied.details().toString()).doesNotContain("hunter2");
  }

  @Test
  void closedPortNamesTheTarget() {
    int port = Services.closedPort();
    Result r =
        run(
            new JdbcCheck(
                "jdbc:postgresql://127.0.0.1:" + port + "/test",
                Optional.of("postgres"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    assertThat(r.status()).isEqualTo(Status.CRITICAL);
    assertThat(r.message()).contains("connection refused").contains("127.0.0.1:" + port);
  }
}
