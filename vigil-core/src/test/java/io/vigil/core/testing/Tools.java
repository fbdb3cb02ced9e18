package io.vigil.core.testing;

import java.io.File;

/** Finds the command-line tools tests need, failing with how to install a missing one. */
public final class Tools {

  private Tools() {}

  /**
   * The path of {@code tool} on the PATH.
   *
   * @param debianPackage the Debian package that ships it, named in the failure message
   */
  public static String require(String tool, String debianPackage) {
    if (tool.contains("/") && new File(tool).canExecute()) {
      return tool;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, tool);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    throw new AssertionError(
        tool
            + " is not installed; it comes with Debian's '"
            + debianPackage
            + "' package: apt-get install "
            + debianPackage
            + " (.ci/run installs it)");
  }
}
