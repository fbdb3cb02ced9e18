package io.vigil.checks.net;

import io.vigil.checks.AddressGuard;
import io.vigil.core.CheckContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Small helpers shared by the network checks. */
final class Net {

  private Net() {}

  /** The time left in the run, in whole milliseconds, at least 1 (0 would mean "forever"). */
  static int millis(CheckContext ctx) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, ctx.remaining().toMillis()));
  }

  /**
   * Connects {@code socket} to {@code host:port} within the run's time: the name is resolved once,
   * every address is asked of the guard, and the socket connects to the address that was checked.
   *
   * @throws AddressGuard.DeniedException when the guard denies an address of the name
   */
  static void connect(Socket socket, AddressGuard guard, String host, int port, CheckContext ctx)
      throws IOException {
    if (ctx.isExpired()) {
      throw new SocketTimeoutException("no time left to connect");
    }
    InetAddress address = guard.resolve(host, ctx.remaining()).get(0);
    socket.connect(new InetSocketAddress(address, port), millis(ctx));
  }

  /** At most 200 characters of a text, on one line. */
  static String shorten(String text) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() <= 200 ? line : line.substring(0, 200) + "...";
  }
}
