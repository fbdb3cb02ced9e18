package io.vigil.checks.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The shared services of the test machine. A test that needs one calls {@link #require}: when the
 * service is down it fails saying which one and how to start it. Tests never stop or reconfigure
 * these; a test that needs a server to die starts its own on a free port.
 */
public final class Services {

  public static final String POSTGRES = "PostgreSQL";
  public static final String MARIADB = "MariaDB";
  public static final String REDIS = "Redis";
  public static final String RABBITMQ = "RabbitMQ";
  public static final String MOSQUITTO = "Mosquitto";
  public static final String NATS = "NATS";

  private Services() {}

  /** Fails with how to start the service unless 127.0.0.1:port accepts connections. */
  public static void require(String service, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    } catch (IOException e) {
      throw new AssertionError(
          service
              + " is not answering on 127.0.0.1:"
              + port
              + " ("
              + e.getMessage()
              + "); start it with: "
              + howToStart(service));
    }
  }

  private static String howToStart(String service) {
    return switch (service) {
      case POSTGRES -> "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";
      case MARIADB -> "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd";
      case REDIS ->
          "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \\\"\\\" --appendonly no";
      case RABBITMQ -> "rabbitmq-server -detached";
      case MOSQUITTO -> "mosquitto -d -c /etc/mosquitto/mosquitto.conf";
      case NATS ->
          "start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a"
              + " 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server";
      default -> "see the machine's documentation";
    };
  }

  /** A port nobody listens on right now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A port that refuses connections (bound then closed). */
  public static int closedPort() {
    return freePort();
  }
}
