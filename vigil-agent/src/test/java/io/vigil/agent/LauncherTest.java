package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./vigil} launcher finds a JDK 21+ by itself or says clearly that none exists. */
class LauncherTest {

  private static final Path LAUNCHER = Path.of("..", "vigil").toAbsolutePath().normalize();

  @TempDir Path jvms;

  private record Outcome(int exit, String output) {}

  private Outcome launch(Map<String, String> env, String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = "sh";
    command[1] = LAUNCHER.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("JAVA_HOME");
    pb.environment().put("VIGIL_JVM_ROOT", jvms.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Outcome(p.exitValue(), out.strip());
  }

  /** A directory that looks like a JDK of this version (release file, java and javac). */
  private Path fakeJdk(String name, String version) throws IOException {
    Path home = jvms.resolve(name);
    Files.createDirectories(home.resolve("bin"));
    Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
    for (String tool : new String[] {"java", "javac"}) {
      Path file = home.resolve("bin").resolve(tool);
      Files.writeString(file, "#!/bin/sh\nexit 0\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return home;
  }

  @Test
  void failsClearlyWithoutJdk21() throws Exception {
    Path old = fakeJdk("java-17", "17.0.15");
    Outcome outcome = launch(Map.of("JAVA_HOME", old.toString()), "test");
    assertThat(outcome.exit()).isEqualTo(1);
    assertThat(outcome.output()).isEqualTo("Vigil needs JDK 21 or newer; set JAVA_HOME");
  }

  @Test
  void picksTheNewestJdk21PlusWhenJavaHomeIsOld() throws Exception {
    Path old = fakeJdk("java-17", "17.0.15");
    fakeJdk("jdk-21", "21.0.4");
    Path newest = fakeJdk("jdk-25", "25.0.1");
    Outcome outcome = launch(Map.of("JAVA_HOME", old.toString()), "java-home");
    assertThat(outcome.exit()).isZero();
    assertThat(outcome.output()).endsWith(newest.toString());
  }

  @Test
  void prefersJavaHomeWhenItIs21Plus() throws Exception {
    Path jdk21 = fakeJdk("jdk-21", "21.0.4");
    fakeJdk("jdk-25", "25.0.1");
    Outcome outcome = launch(Map.of("JAVA_HOME", jdk21.toString()), "java-home");
    assertThat(outcome.output()).endsWith(jdk21.toString());
  }

  @Test
  void unknownCommandShowsUsage() throws Exception {
    Outcome outcome = launch(Map.of(), "frobnicate");
    assertThat(outcome.exit()).isEqualTo(2);
    assertThat(outcome.output()).contains("unknown command 'frobnicate'").contains("./vigil run");
  }
}
