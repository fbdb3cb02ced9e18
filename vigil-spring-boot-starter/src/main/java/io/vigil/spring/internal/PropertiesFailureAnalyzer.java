package io.vigil.spring.internal;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up failed on {@code vigil.*} properties: says which, and what is allowed. */
public final class PropertiesFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidVigilPropertiesException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, InvalidVigilPropertiesException cause) {
    String description =
        "Invalid Vigil configuration:\n  - " + String.join("\n  - ", cause.problems());
    return new FailureAnalysis(
        description,
        "Correct the properties above (application.properties/yaml or the environment); "
            + "every vigil.* property is described in Vigil's docs/embedding.md.",
        cause);
  }
}
