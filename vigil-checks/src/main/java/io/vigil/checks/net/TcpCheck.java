package io.vigil.checks.net;

import io.vigil.checks.AddressGuard;
import io.vigil.checks.Failures;
import io.vigil.core.CheckContext;
import io.vigil.core.HealthCheck;
import io.vigil.core.Result;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Connects to {@code host:port}; optionally sends a text and expects the answer to contain another
 * (as Nagios' {@code check_tcp -s -e}).
 */
final class TcpCheck implements HealthCheck {

  private final String host;
  private final int port;
  private final Optional<String> send;
  private final Optional<String> expect;
  private final Supplier<AddressGuard> guard;

  /**
   * Connects to {@code host:port}, sends {@code send} if given, expects {@code expect} if given.
   */
  TcpCheck(
      String host,
      int port,
      Optional<String> send,
      Optional<String> expect,
      Supplier<AddressGuard> guard) {
    this.guard = guard;
    this.host = host;
    this.port = port;
    this.send = send;
    this.expect = expect;
  }

  @Override
  public Result check(CheckContext ctx) {
    String target = host + ":" + port;
    long t0 = System.nanoTime();
    try (Socket socket = new Socket()) {
      Net.connect(socket, guard.get(), host, port, ctx);
      long connectMs = (System.nanoTime() - t0) / 1_000_000;
      socket.setSoTimeout(Net.millis(ctx));
      if (send.isPresent()) {
        OutputStream out = socket.getOutputStream();
        out.write(send.get().getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      if (expect.isPresent()) {
        String answer = readUntil(socket.getInputStream(), expect.get());
        if (!answer.contains(expect.get())) {
          return Result.critical(
                  "unexpected answer from " + target + ": '" + Net.shorten(answer) + "'")
              .withDetail("expected", expect.get());
        }
      }
      return Result.ok("connected to " + target + " in " + connectMs + " ms")
          .withDetail("target", target)
          .withDetail("connect_ms", connectMs);
    } catch (AddressGuard.DeniedException e) {
      return Result.critical(e.getMessage() + ": " + target).withDetail("target", target);
    } catch (IOException e) {
      return Failures.critical(target, e);
    }
  }

  private static String readUntil(InputStream in, String expected) throws IOException {
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[1024];
    int n;
    while (sb.length() < 64 * 1024 && (n = in.read(buf)) > 0) {
      sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      if (sb.indexOf(expected) >= 0) {
        break;
      }
    }
    return sb.toString();
  }
}
