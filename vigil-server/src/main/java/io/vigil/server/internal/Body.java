package io.vigil.server.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/**
 * An encoded response body, and its gzip form, compressed once on first demand and only when the
 * body is large enough to gain from it.
 */
public final class Body {

  /** Bodies shorter than this are always sent as they are (one packet either way). */
  static final int GZIP_MIN_BYTES = 1024;

  private final byte[] plain;
  private volatile byte[] gzip;
  private volatile ByteBuffer direct;
  private volatile ByteBuffer directGzip;

  public Body(byte[] plain) {
    this.plain = plain;
  }

  public byte[] plain() {
    return plain;
  }

  /**
   * The plain body (or its gzip form) in a direct buffer made once, as a fresh read-only view: a
   * socket write takes it as it is, with no copy into a temporary direct buffer per request.
   */
  public ByteBuffer buffer(boolean gzipped) {
    ByteBuffer b = gzipped ? directGzip : direct;
    if (b == null) {
      byte[] bytes = gzipped ? gzip() : plain;
      b = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
      if (gzipped) {
        directGzip = b;
      } else {
        direct = b;
      }
    }
    return b.duplicate();
  }

  /** Whether a client that accepts gzip gets {@link #gzip()}. */
  public boolean compressible() {
    return plain.length >= GZIP_MIN_BYTES;
  }

  /** The body gzipped (made once). */
  public byte[] gzip() {
    byte[] g = gzip;
    if (g == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
      try (GZIPOutputStream z = new GZIPOutputStream(out)) {
        z.write(plain);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      g = out.toByteArray();
      gzip = g;
    }
    return g;
  }

  /** Whether an {@code Accept-Encoding} header value (or null) accepts gzip. */
  public static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String part : acceptEncoding.split(",")) {
      String[] coding = part.strip().split(";", 2);
      if (coding[0].strip().equalsIgnoreCase("gzip")
          && !(coding.length == 2 && coding[1].replace(" ", "").matches("q=0(\\.0*)?"))) {
        return true;
      }
    }
    return false;
  }
}
