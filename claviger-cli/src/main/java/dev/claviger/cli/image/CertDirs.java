package dev.claviger.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * skopeo-style {@code --cert-dir}: every {@code *.crt} in the directory is trusted in addition to
 * the JDK's default roots (client certificates, {@code *.cert}/{@code *.key}, are not supported).
 */
final class CertDirs {
  private static final long MAX_FILE = 1024 * 1024;

  private CertDirs() {}

  static SSLContext sslContext(Path dir) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    int n = 0;
    for (X509Certificate c : defaultRoots()) {
      ks.setCertificateEntry("jdk-" + n++, c);
    }
    int added = 0;
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.crt")) {
      for (Path f : files) {
        if (Files.size(f) > MAX_FILE) {
          throw new IOException(f + " is larger than " + MAX_FILE + " bytes");
        }
        try (InputStream in = Files.newInputStream(f)) {
          for (Certificate c : cf.generateCertificates(in)) {
            ks.setCertificateEntry("dir-" + added++, c);
          }
        }
      }
    }
    if (added == 0) {
      throw new IOException("no *.crt certificates in " + dir);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static X509Certificate[] defaultRoots() throws GeneralSecurityException {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    for (TrustManager tm : tmf.getTrustManagers()) {
      if (tm instanceof X509TrustManager x) {
        return x.getAcceptedIssuers();
      }
    }
    return new X509Certificate[0];
  }
}
