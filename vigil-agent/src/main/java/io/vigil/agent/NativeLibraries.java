package io.vigil.agent;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Unpacks the native libraries of the SQLite driver and of JNA (under OSHI) for this platform into
 * a directory, and writes the Java options that load them from there as an argument file ({@code
 * java @DIR/java.options}). Without it each library unpacks a fresh copy of itself into the
 * temporary directory at every start and reads it back: about a tenth of the agent's start-up
 * (docs/benchmarks.md). The launcher runs it once per build: {@code java -cp vigil.jar
 * io.vigil.agent.NativeLibraries DIR}. A library not found for this platform is left out; its
 * driver then does as before.
 */
public final class NativeLibraries {

  /** The argument file's name in the directory. */
  static final String OPTIONS = "java.options";

  private NativeLibraries() {}

  /** Unpacks into the directory of the only argument, then prints the options file's path. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java -cp vigil.jar io.vigil.agent.NativeLibraries DIR");
      System.exit(2);
    }
    System.out.println(unpack(Path.of(args[0]).toAbsolutePath()));
  }

  /** Unpacks the libraries into {@code dir} and writes its options file; returns that file. */
  static Path unpack(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> options = new ArrayList<>();
    String sqlite = LibraryLoaderUtil.getNativeLibName();
    if (copy(LibraryLoaderUtil.getNativeLibResourcePath() + "/" + sqlite, dir.resolve(sqlite))) {
      options.add(option("org.sqlite.lib.path", dir.toString()));
      options.add(option("org.sqlite.lib.name", sqlite));
    }
    // JNA comes with OSHI, at OSHI's version; on macOS its library ends in .jnilib.
    String jna = System.mapLibraryName("jnidispatch").replace(".dylib", ".jnilib");
    if (copy("/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + jna, dir.resolve(jna))) {
      options.add(option("jna.boot.library.path", dir.toString()));
    }
    Path file = dir.resolve(OPTIONS);
    Files.write(file, options);
    return file;
  }

  /** {@code -Dname="value"}, quoted for an argument file. */
  static String option(String name, String value) {
    return "\"-D" + name + "=" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Copies a class path resource to a file (whole or not at all); false if there is none. */
  private static boolean copy(String resource, Path target) throws IOException {
    try (InputStream in = NativeLibraries.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      Path part = target.resolveSibling(target.getFileName() + ".part");
      Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }
}
