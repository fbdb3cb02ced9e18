package io.vigil.checks.net;

import io.vigil.core.CheckContext;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 exchange on a connection of its own ({@code Connection: close}), to an address the
 * caller resolved and checked, on the calling thread: no client, no pool, no thread of its own.
 * Every read waits at most until the run's deadline. A fresh connection per probe notices a server
 * that stops accepting connections, and the latency includes connecting. Bodies are read up to
 * {@value #MAX_BODY} bytes.
 */
final class HttpWire {

  /** The most of a body that is read and judged. */
  static final int MAX_BODY = 1 << 20;

  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 200;

  /** Headers the exchange writes itself; a configuration may not set them. */
  static final Set<String> RESERVED =
      Set.of("host", "connection", "content-length", "transfer-encoding", "expect", "upgrade");

  /** A request: method, absolute URL, extra headers, body (empty for none). */
  record Request(String method, URI uri, Map<String, String> headers, byte[] body) {}

  /** A response: status, headers by lower-case name, body decoded as its charset says. */
  record Response(int status, Map<String, String> headers, String body) {
    Optional<String> header(String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
  }

  private HttpWire() {}

  /** Sends {@code request} to {@code address} and reads the answer, within the run's time. */
  static Response exchange(Request request, InetAddress address, TlsSettings tls, CheckContext ctx)
      throws IOException {
    URI uri = request.uri();
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(address, port), Net.millis(ctx));
      raw.setSoTimeout(Net.millis(ctx));
      Socket socket = https ? tls.wrap(raw, bare(uri.getHost()), port) : raw;
      try (socket) {
        OutputStream out = new BufferedOutputStream(socket.getOutputStream());
        out.write(head(request, port, https).getBytes(StandardCharsets.ISO_8859_1));
        out.write(request.body());
        out.flush();
        return read(new BufferedInputStream(new Deadline(socket, ctx)), request.method());
      }
    }
  }

  /** How https connections are made: the context (null for the default) and whether to verify. */
  record TlsSettings(SSLContext context, boolean verify) {
    Socket wrap(Socket raw, String host, int port) throws IOException {
      SSLContext ssl;
      try {
        ssl = context != null ? context : SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IOException(e);
      }
      SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(raw, host, port, true);
      SSLParameters params = socket.getSSLParameters();
      if (verify) {
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
      }
      socket.setSSLParameters(params);
      socket.startHandshake();
      return socket;
    }
  }

  private static String bare(String host) {
    return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
  }

  private static String head(Request request, int port, boolean https) {
    URI uri = request.uri();
    String target =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
            + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    boolean defaultPort = port == (https ? 443 : 80);
    StringBuilder head = new StringBuilder();
    head.append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append("Host: ")
        .append(uri.getHost())
        .append(defaultPort ? "" : ":" + port)
        .append("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", "vigil");
    headers.put("Accept", "*/*");
    request
        .headers()
        .forEach(
            (k, v) -> {
              headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
              headers.put(k, v);
            });
    headers.put("Accept-Encoding", "identity");
    headers.put("Connection", "close");
    if (request.body().length > 0 || List.of("POST", "PUT", "PATCH").contains(request.method())) {
      headers.put("Content-Length", String.valueOf(request.body().length));
    }
    headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    return head.append("\r\n").toString();
  }

  private static Response read(InputStream in, String method) throws IOException {
    int status;
    Map<String, String> headers;
    do {
      status = statusOf(line(in));
      headers = headers(in);
    } while (status >= 100 && status < 200); // 100 Continue and other interim answers
    boolean empty = method.equals("HEAD") || status == 204 || status == 304;
    byte[] body;
    if (empty) {
      body = new byte[0];
    } else if (headers
        .getOrDefault("transfer-encoding", "")
        .toLowerCase(Locale.ROOT)
        .contains("chunked")) {
      body = chunked(in);
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes((int) Math.min(MAX_BODY, length(headers.get("content-length"))));
    } else {
      body = in.readNBytes(MAX_BODY); // until the server closes
    }
    return new Response(status, headers, new String(body, charset(headers)));
  }

  private static int statusOf(String line) throws IOException {
    // "HTTP/1.1 200 OK": three digits after the first space, then a space or the end
    int space = line.indexOf(' ');
    if (!line.startsWith("HTTP/")
        || space < 0
        || !threeDigits(line, space + 1)
        || (line.length() > space + 4 && line.charAt(space + 4) != ' ')) {
      throw new ProtocolException("not an HTTP answer: '" + Net.shorten(line) + "'");
    }
    return Integer.parseInt(line, space + 1, space + 4, 10);
  }

  private static boolean threeDigits(String s, int from) {
    if (s.length() < from + 3) {
      return false;
    }
    for (int i = from; i < from + 3; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> headers(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < MAX_HEADERS; i++) {
      String line = line(in);
      if (line.isEmpty()) {
        return headers;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        headers.merge(name, value, (a, b) -> a + ", " + b);
      }
    }
    throw new ProtocolException("more than " + MAX_HEADERS + " headers");
  }

  private static long length(String value) throws ProtocolException {
    try {
      return Math.max(0, Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      throw new ProtocolException("bad Content-Length '" + value + "'");
    }
  }

  private static byte[] chunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = line(in);
      int semicolon = size.indexOf(';');
      long n;
      try {
        n = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).strip(), 16);
      } catch (NumberFormatException e) {
        throw new ProtocolException("bad chunk size '" + Net.shorten(size) + "'");
      }
      if (n == 0) {
        headers(in); // trailers
        return body.toByteArray();
      }
      int room = MAX_BODY - body.size();
      body.write(in.readNBytes((int) Math.min(n, room)));
      if (n > room) {
        return body.toByteArray(); // enough to judge; the connection closes
      }
      line(in);
    }
  }

  private static Charset charset(Map<String, String> headers) {
    String type = headers.getOrDefault("content-type", "");
    int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
    if (at >= 0) {
      try {
        return Charset.forName(type.substring(at + 8).split(";")[0].replace("\"", "").strip());
      } catch (IllegalArgumentException e) {
        // unknown charset: UTF-8
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (line.length() >= MAX_LINE) {
        throw new ProtocolException("a line of the answer is longer than " + MAX_LINE + " bytes");
      }
      line.append((char) c);
    }
    if (c == -1 && line.isEmpty()) {
      throw new ProtocolException("the server closed the connection without an answer");
    }
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }

  /** Reads that wait at most until the run's deadline, however the server trickles. */
  private static final class Deadline extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final CheckContext ctx;

    Deadline(Socket socket, CheckContext ctx) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.ctx = ctx;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ctx.isExpired()) {
        throw new SocketTimeoutException("the run's time is up");
      }
      socket.setSoTimeout(Net.millis(ctx));
      return in.read(b, off, len);
    }
  }
}
