package io.vigil.checks.command;

import io.vigil.checks.CheckSettings;
import io.vigil.checks.CheckType;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.CheckTypeProvider;
import io.vigil.core.HealthCheck;
import java.nio.file.Path;
import java.util.List;

/** The {@code command} type: scripts and Nagios plugins. */
public final class CommandCheckTypes implements CheckTypeProvider {

  @Override
  public List<CheckType> types(CheckTypeContext context) {
    return List.of(
        CheckType.of(
            "command",
            "runs a script or Nagios plugin (argv list, no shell); exit code 0-3, perfdata",
            CommandCheckTypes::command));
  }

  static HealthCheck command(CheckSettings s) {
    List<String> argv = s.strings("command");
    if (argv.isEmpty()) {
      s.problem(
          "command",
          "is required: a list such as [/usr/lib/nagios/plugins/check_load, -w, 5,4,3, -c, 10,8,6]");
    } else if (s.peek("command") instanceof String text && text.strip().contains(" ")) {
      s.problem(
          "command",
          "must be a list of the program and its arguments (no shell), e.g. [check_disk, -w, 10%],"
              + " but was the single text '"
              + argv.get(0)
              + "'");
    }
    List<String> allow = s.has("envAllow") ? s.strings("envAllow") : CommandCheck.DEFAULT_ENV;
    return new CommandCheck(
        argv, s.stringMap("environment"), allow, s.string("directory").map(Path::of));
  }
}
