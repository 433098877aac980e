package dev.claviger.evidence.dcap;

import dev.claviger.core.Hex;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.dcap.internal.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Trust anchors for DCAP: self-signed roots whose SHA-256 (over DER) is pinned, plus optional
 * known intermediates from the same directory. Intermediates are never trusted by themselves;
 * they only stand in for an expired delivered copy of the same certificate (same subject and
 * key, as with Intel's 2025 re-issue of the TCB Signing certificate) and must still chain to a
 * pinned root.
 */
public final class TrustAnchors {
  /** SHA-256 of the DER of the production Intel SGX Root CA. */
  public static final String INTEL_SGX_ROOT_CA_SHA256 =
      "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";
  private static final long MAX_FILE = 256 * 1024;
  /** The production Intel SGX Root CA (public); pinned by {@link #INTEL_SGX_ROOT_CA_SHA256} on load. */
  private static final String INTEL_SGX_ROOT_CA_PEM = ""
      + "-----BEGIN CERTIFICATE-----\n"
      + "MIICjzCCAjSgAwIBAgIUImUM1lqdNInzg7SVUr9QGzknBqwwCgYIKoZIzj0EAwIw\n"
      + "aDEaMBgGA1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENv\n"
      + "cnBvcmF0aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJ\n"
      + "BgNVBAYTAlVTMB4XDTE4MDUyMTEwNDUxMFoXDTQ5MTIzMTIzNTk1OVowaDEaMBgG\n"
      + "A1UEAwwRSW50ZWwgU0dYIFJvb3QgQ0ExGjAYBgNVBAoMEUludGVsIENvcnBvcmF0\n"
      + "aW9uMRQwEgYDVQQHDAtTYW50YSBDbGFyYTELMAkGA1UECAwCQ0ExCzAJBgNVBAYT\n"
      + "AlVTMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEC6nEwMDIYZOj/iPWsCzaEKi7\n"
      + "1OiOSLRFhWGjbnBVJfVnkY4u3IjkDYYL0MxO4mqsyYjlBalTVYxFP2sJBK5zlKOB\n"
      + "uzCBuDAfBgNVHSMEGDAWgBQiZQzWWp00ifODtJVSv1AbOScGrDBSBgNVHR8ESzBJ\n"
      + "MEegRaBDhkFodHRwczovL2NlcnRpZmljYXRlcy50cnVzdGVkc2VydmljZXMuaW50\n"
      + "ZWwuY29tL0ludGVsU0dYUm9vdENBLmRlcjAdBgNVHQ4EFgQUImUM1lqdNInzg7SV\n"
      + "Ur9QGzknBqwwDgYDVR0PAQH/BAQDAgEGMBIGA1UdEwEB/wQIMAYBAf8CAQEwCgYI\n"
      + "KoZIzj0EAwIDSQAwRgIhAOW/5QkR+S9CiSDcNoowLuPRLsWGf/Yi7GSX94BgwTwg\n"
      + "AiEA4J0lrHoMs+Xo5o/sX6O9QWxHRAvZUGOdRQ7cvqRXaqI=\n"
      + "-----END CERTIFICATE-----\n";
  private static final int MAX_FILES = 256;

  private final List<X509Certificate> roots;
  private final List<X509Certificate> intermediates;

  private TrustAnchors(List<X509Certificate> roots, List<X509Certificate> intermediates) {
    this.roots = List.copyOf(roots);
    this.intermediates = List.copyOf(intermediates);
  }

  /** Anchors from {@code dir}, pinning the Intel SGX Root CA. */
  public static TrustAnchors fromDirectory(Path dir) throws EvidenceException {
    return fromDirectory(dir, Set.of(INTEL_SGX_ROOT_CA_SHA256));
  }

  /**
   * Loads {@code *.pem, *.der, *.crt, *.cer} files of {@code dir} (not recursive). A self-signed
   * certificate becomes a root only when its fingerprint is in {@code pinnedSha256Hex}.
   *
   * @throws EvidenceException unreadable directory, or no pinned root found in it
   */
  public static TrustAnchors fromDirectory(Path dir, Set<String> pinnedSha256Hex)
      throws EvidenceException {
    Set<String> pins = new HashSet<>();
    pinnedSha256Hex.forEach(p -> pins.add(p.toLowerCase(Locale.ROOT)));
    List<X509Certificate> roots = new ArrayList<>();
    List<X509Certificate> inter = new ArrayList<>();
    for (X509Certificate c : readAll(dir)) {
      boolean selfSigned = c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
      if (selfSigned && pins.contains(sha256(c)) && !contains(roots, c)) {
        roots.add(c);
      } else if (!selfSigned && !contains(inter, c)) {
        inter.add(c);
      }
    }
    if (roots.isEmpty()) {
      throw new EvidenceException("no pinned trust anchor in " + dir);
    }
    return new TrustAnchors(roots, inter);
  }

  /**
   * The built-in Intel SGX Root CA, for deployments that configure no anchors directory. Checked
   * against {@link #INTEL_SGX_ROOT_CA_SHA256} so an edit of the constant cannot go unnoticed.
   */
  public static TrustAnchors intelBuiltIn() {
    List<X509Certificate> c = parse(INTEL_SGX_ROOT_CA_PEM.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    if (c.size() != 1 || !sha256(c.get(0)).equals(INTEL_SGX_ROOT_CA_SHA256)) {
      throw new IllegalStateException("built-in Intel SGX Root CA does not match its pin");
    }
    return new TrustAnchors(c, List.of());
  }

  /** Anchors given directly (tests, embedding); every root is trusted as given. */
  public static TrustAnchors of(List<X509Certificate> roots, List<X509Certificate> intermediates) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("no root");
    }
    return new TrustAnchors(roots, intermediates);
  }

  public List<X509Certificate> roots() {
    return roots;
  }

  public List<X509Certificate> intermediates() {
    return intermediates;
  }

  /** Lowercase hex SHA-256 of a certificate's DER. */
  public static String sha256(X509Certificate c) {
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean contains(List<X509Certificate> list, X509Certificate c) {
    return list.stream().anyMatch(x -> x.equals(c));
  }

  private static List<X509Certificate> readAll(Path dir) throws EvidenceException {
    List<X509Certificate> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list = files.filter(Files::isRegularFile).filter(TrustAnchors::certName)
          .sorted().limit(MAX_FILES).toList();
      for (Path f : list) {
        if (Files.size(f) <= MAX_FILE) {
          out.addAll(parse(Files.readAllBytes(f)));
        }
      }
    } catch (IOException e) {
      throw new EvidenceException("cannot read trust anchors from " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static boolean certName(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".pem") || n.endsWith(".der") || n.endsWith(".crt") || n.endsWith(".cer");
  }

  private static List<X509Certificate> parse(byte[] data) {
    try {
      return Pem.certificates(data);
    } catch (GeneralSecurityException notPem) {
      try {
        return List.of((X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(data)));
      } catch (GeneralSecurityException | RuntimeException notDer) {
        return List.of(); // not a certificate file: anchors directories may hold other files
      }
    }
  }

  @Override
  public String toString() {
    return "TrustAnchors[roots=" + roots.stream().map(TrustAnchors::sha256).toList()
        + ", intermediates=" + intermediates.size() + "]";
  }
}
