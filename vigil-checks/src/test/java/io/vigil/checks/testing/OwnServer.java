package io.vigil.checks.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A server process a test starts on its own port, so it may kill it without harming others. */
public final class OwnServer implements AutoCloseable {

  private final Process process;
  public final int port;

  private OwnServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code command}, which must listen on {@code port}, and waits until it does. */
  public static OwnServer start(int port, Path logDir, List<String> command) throws IOException {
    File log = logDir.resolve(Path.of(command.get(0)).getFileName() + "-" + port + ".log").toFile();
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    OwnServer server = new OwnServer(process, port);
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(20))
        .failFast("the server exited; see " + log, () -> !process.isAlive())
        .until(server::accepting);
    return server;
  }

  /** Whether the port accepts connections. */
  public boolean accepting() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Kills the server (SIGKILL) and waits until it is gone. */
  public void kill() {
    process.destroyForcibly();
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !process.isAlive());
  }

  /** Stops the process with SIGSTOP (it keeps its port but answers nothing). */
  public void freeze() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).start().waitFor();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        new ProcessBuilder("kill", "-CONT", String.valueOf(process.pid())).start().waitFor();
      } catch (IOException | InterruptedException e) {
        // killing below anyway
      }
      kill();
    }
  }
}
