package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.checks.CheckTypes;
import io.vigil.store.Engine;
import io.vigil.store.StoreConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code store:} section: defaults in the data directory, off switch, overrides, errors. */
class StoreSectionTest {

  private static AgentConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return new ConfigLoader(CheckTypes.load(), env).parse(yaml, Optional.empty());
  }

  @Test
  void withoutASectionTheStoreIsSqliteInTheDataDirectoryWithAWorker() throws ConfigException {
    StoreSettings store = parse("checks: []", Map.of()).store();
    assertThat(store.worker()).isTrue();
    StoreConfig config = store.config().orElseThrow();
    assertThat(config.engine()).isEqualTo(Engine.SQLITE);
    assertThat(config.url()).isEqualTo("jdbc:sqlite:vigil-state/vigil.db");
  }

  @Test
  void theDefaultFileFollowsTheHealingDirectory() throws ConfigException {
    StoreSettings store = parse("healing: { directory: /var/lib/vigil }", Map.of()).store();
    assertThat(store.config().orElseThrow().url()).isEqualTo("jdbc:sqlite:/var/lib/vigil/vigil.db");
  }

  @Test
  void enabledFalseTurnsItOff() throws ConfigException {
    assertThat(parse("store: { enabled: false }", Map.of()).store().config()).isEmpty();
  }

  @Test
  void aPostgresqlUrlWithCredentialsAndSettingsIsRead() throws ConfigException {
    StoreSettings store =
        parse(
                """
                store:
                  url: jdbc:postgresql://db:5432/vigil
                  user: vigil
                  password: s3cret
                  worker: false
                  poolSize: 8
                  trendFactor: 3
                  retention: { minutes: 24h, tasks: 1d }
                """,
                Map.of())
            .store();
    StoreConfig config = store.config().orElseThrow();
    assertThat(config.engine()).isEqualTo(Engine.POSTGRESQL);
    assertThat(config.user()).contains("vigil");
    assertThat(config.password()).contains("s3cret");
    assertThat(config.poolSize()).isEqualTo(8);
    assertThat(config.trendFactor()).isEqualTo(3.0);
    assertThat(config.retention().minutes()).isEqualTo(Duration.ofHours(24));
    assertThat(config.retention().tasks()).isEqualTo(Duration.ofDays(1));
    assertThat(config.retention().days()).isEqualTo(Duration.ofDays(400));
    assertThat(store.worker()).isFalse();
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void theEnvironmentOverridesTheUrl() throws ConfigException {
    StoreSettings store =
        parse("checks: []", Map.of("VIGIL_STORE_URL", "jdbc:postgresql://other/vigil")).store();
    assertThat(store.config().orElseThrow().url()).isEqualTo("jdbc:postgresql://other/vigil");
  }

  @Test
  void badValuesAreReportedWithTheirPathsAndNoSecret() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    store:
                      url: mysql://root:hunter2@db/vigil
                      poolSize: 0
                      trendFactor: 1
                      retention: { hours: 0s, weeks: 3 }
                      colour: blue
                    """,
                    Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .anySatisfy(p -> assertThat(p).startsWith("store.url: must be a jdbc:sqlite:"))
                  .anySatisfy(p -> assertThat(p).startsWith("store.poolSize: "))
                  .anySatisfy(p -> assertThat(p).startsWith("store.trendFactor: "))
                  .anySatisfy(p -> assertThat(p).startsWith("store.retention.hours: "))
                  .anySatisfy(p -> assertThat(p).startsWith("store.retention.weeks: unknown"))
                  .anySatisfy(
                      p ->
                          assertThat(p)
                              .startsWith(
                                  "store.colour: unknown field; known fields: enabled, url"));
              assertThat(e.getMessage()).doesNotContain("hunter2");
            });
  }

  @Test
  void aCheckNamedStoreIsRefusedWhileTheStoreIsOn() throws ConfigException {
    String yaml = "checks: [{ name: store, type: jvm }]";
    assertThatThrownBy(() -> parse(yaml, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p -> assertThat(p).startsWith("checks[0].name: 'store' is the name")));
    assertThat(parse(yaml + "\nstore: { enabled: false }", Map.of()).checks()).hasSize(1);
  }
}
