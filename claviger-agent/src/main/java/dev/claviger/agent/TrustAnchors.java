package dev.claviger.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Extra root certificates for an HTTPS KBS (upstream's AA {@code token_configs.kbs.cert}). They
 * replace the JDK's default trust store for that client: a private KBS is verified against its own
 * CA only. Hostname verification stays on; there is no trust-all mode.
 */
public final class TrustAnchors {
  /** A PEM bundle of a few roots is a few KiB; anything far larger is not a trust bundle. */
  static final int MAX_PEM_BYTES = 1 << 20;

  private final List<X509Certificate> roots;

  private TrustAnchors(List<X509Certificate> roots) {
    this.roots = List.copyOf(roots);
  }

  public static TrustAnchors of(List<X509Certificate> roots) {
    Objects.requireNonNull(roots, "roots");
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("at least one trust anchor is required");
    }
    return new TrustAnchors(roots);
  }

  /** Reads one or more PEM (or DER) certificates. */
  public static TrustAnchors readPem(Path file) throws IOException, GeneralSecurityException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length > MAX_PEM_BYTES) {
      throw new IOException(file + " is larger than " + MAX_PEM_BYTES + " bytes");
    }
    List<X509Certificate> certs = new ArrayList<>();
    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
      certs.add((X509Certificate) c);
    }
    if (certs.isEmpty()) {
      throw new GeneralSecurityException(file + " holds no certificate");
    }
    return new TrustAnchors(certs);
  }

  public List<X509Certificate> roots() {
    return roots;
  }

  /** A TLS context that trusts exactly these roots (PKIX path validation, JDK defaults otherwise). */
  public SSLContext sslContext() throws GeneralSecurityException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < roots.size(); i++) {
        store.setCertificateEntry("anchor-" + i, roots.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot build the trust store", e);
    }
  }

  @Override
  public String toString() {
    return "TrustAnchors[" + roots.size() + " root(s)]";
  }
}
