package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * The JDK's start-up (AOT) cache skips classes older than Java 6 (major version 50), and with them
 * every class whose checks refer to them: picocli's released jar is Java 5, so {@code
 * vigil-picocli} compiles it again. This fails if the released jar comes back onto the class path.
 */
class ClassFileVersionTest {

  @Test
  void picocliIsCompiledForTheProjectsJava() throws IOException {
    assertThat(majorVersion("/picocli/CommandLine.class")).isGreaterThanOrEqualTo(65);
    assertThat(majorVersion("/picocli/CommandLine$Model$CommandSpec.class"))
        .isGreaterThanOrEqualTo(65);
    assertThat(majorVersion("/picocli/AutoComplete.class")).isGreaterThanOrEqualTo(65);
  }

  private static int majorVersion(String resource) throws IOException {
    try (InputStream in = ClassFileVersionTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      DataInputStream data = new DataInputStream(in);
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort(); // minor
      return data.readUnsignedShort();
    }
  }
}
