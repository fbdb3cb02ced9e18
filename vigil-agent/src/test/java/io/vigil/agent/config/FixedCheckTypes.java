package io.vigil.agent.config;

import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypeProvider;
import io.vigil.core.Result;
import io.vigil.core.Status;
import java.util.List;
import java.util.Locale;

/** A test-only type: {@code type: fixed} answers the configured {@code status} (default ok). */
public final class FixedCheckTypes implements CheckTypeProvider {

  @Override
  public List<CheckType> types(CheckTypeContext context) {
    return List.of(
        CheckType.of(
            "fixed",
            "answers a fixed status (tests only)",
            s -> {
              String status = s.string("status").orElse("ok").toUpperCase(Locale.ROOT);
              Status parsed;
              try {
                parsed = Status.valueOf(status);
              } catch (IllegalArgumentException e) {
                s.problem(
                    "status", "must be ok, warning, critical or unknown, but was '" + status + "'");
                parsed = Status.UNKNOWN;
              }
              Result result = Result.of(parsed, "fixed " + status.toLowerCase(Locale.ROOT));
              return ctx -> result;
            }));
  }
}
