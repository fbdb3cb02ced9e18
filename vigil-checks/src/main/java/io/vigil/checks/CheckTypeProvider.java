package io.vigil.checks;

import java.util.List;

/**
 * Contributes check types; listed in {@code META-INF/services/io.vigil.checks.CheckTypeProvider} of
 * the module that defines them.
 */
public interface CheckTypeProvider {

  /** The types this module defines, using what the application shares in {@code context}. */
  List<CheckType> types(CheckTypeContext context);
}
