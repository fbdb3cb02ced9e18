package io.vigil.checks.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** SSL contexts for checks: verifying (the default), trusting anything, with a client key. */
final class Tls {

  private Tls() {}

  /** Accepts every certificate: for {@code verify: false}, and to read a chain to inspect it. */
  static final X509TrustManager TRUST_ALL =
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };

  /**
   * A context that verifies (or not) and presents a client certificate from a PKCS#12 or JKS key
   * store (or none when {@code keyStore} is null).
   */
  static SSLContext context(boolean verify, Path keyStore, char[] password)
      throws GeneralSecurityException, IOException {
    KeyManager[] keys = null;
    if (keyStore != null) {
      KeyStore store =
          KeyStore.getInstance(keyStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, password);
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      keys = kmf.getKeyManagers();
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, verify ? null : new TrustManager[] {TRUST_ALL}, null);
    return context;
  }
}
