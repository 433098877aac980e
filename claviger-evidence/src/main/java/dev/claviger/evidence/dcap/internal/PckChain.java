package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.TrustAnchors;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A PCK certificate chain whose structure and signatures were verified to a pinned root: leaf,
 * CA certificates up to and including the anchor, the parsed SGX extension and the CA type.
 * Time validity is not part of it (see {@link Chains#firstInvalidAt}).
 */
public record PckChain(List<X509Certificate> path, PckExtensions extensions, CaType caType) {
  /** Which Intel PCK CA issued the leaf; selects the PCK CRL. */
  public enum CaType {
    PLATFORM("platform"), PROCESSOR("processor");

    private final String wire;

    CaType(String wire) {
      this.wire = wire;
    }

    /** The PCS {@code ca=} parameter value. */
    public String wire() {
      return wire;
    }
  }

  public PckChain {
    path = List.copyOf(path);
  }

  public X509Certificate leaf() {
    return path.get(0);
  }

  /** The certificate that issued the leaf (the PCK Platform or Processor CA). */
  public X509Certificate issuer() {
    return path.get(1);
  }

  public X509Certificate root() {
    return path.get(path.size() - 1);
  }

  public PublicKey leafKey() {
    return leaf().getPublicKey();
  }

  /** Parses and verifies the PEM chain of certification data type 5. */
  public static PckChain verify(byte[] pem, TrustAnchors anchors) throws DcapRejectedException {
    List<X509Certificate> certs;
    try {
      certs = Pem.certificates(pem);
    } catch (CertificateException | RuntimeException e) {
      throw new DcapRejectedException(DcapError.PCK_CHAIN_INVALID, "cannot parse: " + e.getMessage());
    }
    List<X509Certificate> path = Chains.verifyPath(certs, anchors, DcapError.PCK_CHAIN_INVALID);
    if (path.size() < 3) {
      throw new DcapRejectedException(DcapError.PCK_CHAIN_INVALID,
          "PCK leaf must be issued by a PCK CA under the root");
    }
    PckExtensions ext;
    try {
      ext = PckExtensions.of(path.get(0));
    } catch (IOException e) {
      throw new DcapRejectedException(DcapError.PCK_CHAIN_INVALID, e.getMessage());
    }
    if (!"EC".equals(path.get(0).getPublicKey().getAlgorithm())) {
      throw new DcapRejectedException(DcapError.PCK_CHAIN_INVALID, "PCK key is not EC");
    }
    return new PckChain(path, ext, caType(path.get(1)));
  }

  private static CaType caType(X509Certificate ca) throws DcapRejectedException {
    String cn = Chains.cn(ca.getSubjectX500Principal());
    if (cn.contains("Platform")) {
      return CaType.PLATFORM;
    }
    if (cn.contains("Processor")) {
      return CaType.PROCESSOR;
    }
    throw new DcapRejectedException(DcapError.PCK_CHAIN_INVALID, "unknown PCK CA '" + cn + "'");
  }
}
