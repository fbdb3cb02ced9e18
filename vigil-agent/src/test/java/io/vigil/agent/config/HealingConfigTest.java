package io.vigil.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.checks.CheckTypes;
import io.vigil.process.ProcessRunner;
import io.vigil.recovery.ActionSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recovery ladders are read into typed action specs, with the documented defaults. */
class HealingConfigTest {

  private HealingConfig.PolicySpec ladder(String yaml) throws ConfigException {
    AgentConfig config =
        new ConfigLoader(CheckTypes.load(), Map.of()).parse(yaml, Optional.empty());
    return config.checks().get(0).recovery().orElseThrow();
  }

  @Test
  void everyActionIsReadIntoItsTypedSpec() throws ConfigException {
    HealingConfig.PolicySpec policy =
        ladder(
            """
            supervise:
              - { name: api, command: [sleep, "60"] }
            checks:
              - name: a
                type: fixed
                recovery:
                  steps:
                    - action: log
                    - action: command
                      command: [/usr/local/bin/flush, --all]
                      environment: { MODE: fast }
                      directory: /tmp
                    - action: http
                      url: http://127.0.0.1:9000/admin/reconnect
                      headers: { X-Reason: vigil }
                    - action: restart
                      program: api
                    - action: stop
                      program: api
                    - action: systemd
                      unit: api.service
            """);
    assertThat(policy.steps())
        .extracting(HealingConfig.StepSpec::action)
        .containsExactly(
            new ActionSpec.Log(),
            new ActionSpec.Command(
                List.of("/usr/local/bin/flush", "--all"),
                Map.of("MODE", "fast"),
                ProcessRunner.DEFAULT_ENV_ALLOW,
                Optional.of(Path.of("/tmp"))),
            new ActionSpec.Http(
                URI.create("http://127.0.0.1:9000/admin/reconnect"),
                "POST",
                Map.of("X-Reason", "vigil")),
            new ActionSpec.Restart("api"),
            new ActionSpec.Stop("api", Duration.ofSeconds(5)),
            new ActionSpec.Systemd("api.service"));
    assertThat(policy.steps().get(0).verify()).isZero();
    assertThat(policy.steps().get(1).verify()).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.steps())
        .extracting(s -> s.action().restarts())
        .containsExactly(false, false, false, true, false, true);
  }

  @Test
  void aProgramAloneIsTheDefaultLadder() throws ConfigException {
    HealingConfig.PolicySpec policy =
        ladder(
            """
            supervise:
              - { name: api, command: [sleep, "60"] }
            checks:
              - { name: a, type: fixed, recovery: { program: api } }
            """);
    assertThat(policy.steps())
        .extracting(HealingConfig.StepSpec::action)
        .containsExactly(
            new ActionSpec.Log(),
            new ActionSpec.Restart("api"),
            new ActionSpec.Stop("api", ActionSpec.DEFAULT_GRACE));
    assertThat(policy.steps().get(1).repeat()).isEqualTo(3);
  }

  private static AgentConfig parse(String yaml) throws ConfigException {
    return new ConfigLoader(CheckTypes.load(), Map.of()).parse(yaml, Optional.empty());
  }

  private static String problems(String yaml) {
    try {
      parse(yaml);
      return "";
    } catch (ConfigException e) {
      return String.join("\n", e.problems());
    }
  }

  @Test
  void stopGraceIsPerProgramWithATwoSecondDefault() throws ConfigException {
    AgentConfig config =
        parse(
            """
            supervise:
              - { name: api, command: [sleep, "60"] }
              - { name: hung, command: [sleep, "60"], stopGrace: 0s }
              - { name: slow, command: [sleep, "60"], stopGrace: 30s }
            """);
    assertThat(config.programs())
        .extracting(p -> p.stopGrace())
        .containsExactly(Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(30));
    assertThat(
            problems(
                """
                supervise:
                  - { name: api, command: [sleep, "60"], stopGrace: soon }
                """))
        .contains("supervise[0].stopGrace: ");
  }

  @Test
  void onCriticalFailureIsOffByDefaultAndValidated() throws ConfigException {
    assertThat(parse("checks: []").healing().onCriticalFailure()).isEmpty();
    assertThat(
            parse("healing: { onCriticalFailure: { grace: 45s, action: exit } }")
                .healing()
                .onCriticalFailure())
        .contains(new HealingConfig.CriticalFailure(Duration.ofSeconds(45)));
    assertThat(
            parse("healing: { onCriticalFailure: { action: exit } }")
                .healing()
                .onCriticalFailure()
                .orElseThrow()
                .grace())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(problems("healing: { onCriticalFailure: { grace: 5s, action: reboot } }"))
        .contains("healing.onCriticalFailure.action: unknown action 'reboot'; known actions: exit");
    assertThat(problems("healing: { onCriticalFailure: { grace: 5s } }"))
        .contains("healing.onCriticalFailure.action: is required");
  }
}
