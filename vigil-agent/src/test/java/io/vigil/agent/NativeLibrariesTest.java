package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {

  @Test
  void unpacksBothLibrariesAndTheOptionsThatLoadThem(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("a dir with \"quotes\" and spaces");

    Path options = NativeLibraries.unpack(dir);

    String sqlite = System.mapLibraryName("sqlitejdbc");
    String jna = System.mapLibraryName("jnidispatch").replace(".dylib", ".jnilib");
    assertThat(dir.resolve(sqlite)).isNotEmptyFile();
    assertThat(dir.resolve(jna)).isNotEmptyFile();
    assertThat(dir).isDirectoryNotContaining("glob:**.part");
    String quoted = dir.toString().replace("\"", "\\\"");
    assertThat(Files.readAllLines(options))
        .containsExactly(
            "\"-Dorg.sqlite.lib.path=" + quoted + "\"",
            "\"-Dorg.sqlite.lib.name=" + sqlite + "\"",
            "\"-Djna.boot.library.path=" + quoted + "\"");
  }

  @Test
  void unpackingAgainReplacesTheCopies(@TempDir Path dir) throws Exception {
    NativeLibraries.unpack(dir);
    Path sqlite = dir.resolve(System.mapLibraryName("sqlitejdbc"));
    long size = Files.size(sqlite);
    Files.writeString(sqlite, "truncated");

    NativeLibraries.unpack(dir);

    assertThat(Files.size(sqlite)).isEqualTo(size);
  }

  @Test
  void theJavaLauncherReadsTheOptionsFile(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("with space");
    Path options = NativeLibraries.unpack(dir);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    Process p =
        new ProcessBuilder(java.toString(), "@" + options, "-XshowSettings:properties", "-version")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());

    assertThat(p.waitFor()).isZero();
    assertThat(out)
        .contains("org.sqlite.lib.path = " + dir)
        .contains("jna.boot.library.path = " + dir);
  }
}
