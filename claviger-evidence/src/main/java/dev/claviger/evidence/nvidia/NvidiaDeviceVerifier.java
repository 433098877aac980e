package dev.claviger.evidence.nvidia;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.nvidia.internal.CertChains;
import dev.claviger.evidence.nvidia.internal.OpaqueData;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Verifies one NVIDIA device's attestation report: SPDM parse, device chain (leaf first) to a
 * pinned Device Identity CA, ECDSA P-384 signature by the leaf over SHA-384 of request ||
 * response-without-signature, leaf FWID (TCG DICE TcbInfo, OID 2.23.133.5.4.1) equal to the
 * report's FWID (whenever the report has one; required for GPUs), and the requester nonce.
 * Immutable and thread-safe.
 */
public final class NvidiaDeviceVerifier {
  private static final String TCB_INFO_OID = "2.23.133.5.4.1";
  private static final int FWID_SIZE = 48;

  private final List<X509Certificate> roots;

  /** A verifier trusting exactly {@code roots} (NVIDIA Device Identity CA in production). */
  public NvidiaDeviceVerifier(List<X509Certificate> roots) {
    this.roots = List.copyOf(roots);
    if (this.roots.isEmpty()) {
      throw new IllegalArgumentException("no device roots");
    }
  }

  /** The verified facts of one report. */
  public record Result(SpdmReport report, ObjectNode config, X509Certificate leaf) {
    public Result {
      config = config.deepCopy();
    }

    @Override
    public ObjectNode config() {
      return config.deepCopy();
    }
  }

  /**
   * Verifies a report.
   *
   * @param reportBytes SPDM request || response
   * @param pemChain the device chain, PEM, leaf first
   * @param expectedNonce the 32-byte nonce the requester nonce must equal
   * @param now the evaluation instant
   * @param requireFwid whether the report must carry an FWID (GPUs do; LS10 switches do not)
   */
  public Result verify(byte[] reportBytes, byte[] pemChain, byte[] expectedNonce, Instant now,
      boolean requireFwid)
      throws NvidiaRejectedException, EvidenceException {
    Objects.requireNonNull(expectedNonce, "expectedNonce");
    SpdmReport report = SpdmReport.parse(reportBytes);
    ObjectNode config = OpaqueData.decode(report.opaque());
    List<X509Certificate> chain = CertChains.parsePem(pemChain, CertChains.DEVICE);
    if (chain.size() < 2) {
      throw new NvidiaRejectedException(NvidiaError.MALFORMED,
          "device chain needs the signing certificate and its issuers");
    }
    X509Certificate leaf = chain.get(0);
    verifySignature(reportBytes, report, leaf);
    CertChains.verify(chain, roots, now, CertChains.DEVICE);
    if (requireFwid || config.has("fwid")) {
      checkFwid(leaf, config);
    }
    if (!MessageDigest.isEqual(expectedNonce, report.requesterNonce())) {
      throw new NvidiaRejectedException(NvidiaError.NONCE_MISMATCH, "requester nonce "
          + HexFormat.of().formatHex(report.requesterNonce()) + " is not the expected nonce");
    }
    return new Result(report, config, leaf);
  }

  private static void verifySignature(byte[] bytes, SpdmReport report, X509Certificate leaf)
      throws NvidiaRejectedException, EvidenceException {
    boolean ok;
    try {
      Signature sig = Signature.getInstance("SHA384withECDSAinP1363Format");
      sig.initVerify(leaf.getPublicKey());
      sig.update(bytes, 0, report.signedLength());
      ok = sig.verify(report.signature());
    } catch (java.security.InvalidKeyException e) {
      throw new NvidiaRejectedException(NvidiaError.SIGNATURE_INVALID,
          "leaf key is not an EC key usable for P-384", e);
    } catch (java.security.SignatureException e) {
      ok = false;
    } catch (GeneralSecurityException e) {
      throw new EvidenceException("ECDSA P-384 unavailable", e);
    }
    if (!ok) {
      throw new NvidiaRejectedException(NvidiaError.SIGNATURE_INVALID,
          "measurement signature does not verify with " + leaf.getSubjectX500Principal());
    }
  }

  private static void checkFwid(X509Certificate leaf, ObjectNode config)
      throws NvidiaRejectedException {
    String reported = config.path("fwid").asText("");
    String certified = HexFormat.of().formatHex(fwid(leaf));
    if (reported.isEmpty() || !MessageDigest.isEqual(reported.getBytes(StandardCharsets.US_ASCII),
        certified.getBytes(StandardCharsets.US_ASCII))) {
      throw new NvidiaRejectedException(NvidiaError.FWID_MISMATCH,
          "report FWID '" + reported + "' differs from the leaf's " + certified);
    }
  }

  /** The FWID digest at the end of the leaf's TcbInfo extension (an OCTET STRING of 48 bytes). */
  static byte[] fwid(X509Certificate leaf) throws NvidiaRejectedException {
    byte[] wrapped = leaf.getExtensionValue(TCB_INFO_OID);
    if (wrapped == null) {
      throw new NvidiaRejectedException(NvidiaError.FWID_MISMATCH,
          "leaf certificate has no TCG DICE TcbInfo extension");
    }
    int n = wrapped.length;
    if (n < FWID_SIZE + 2 || wrapped[n - FWID_SIZE - 2] != 0x04
        || wrapped[n - FWID_SIZE - 1] != FWID_SIZE) {
      throw new NvidiaRejectedException(NvidiaError.FWID_MISMATCH,
          "TcbInfo extension does not end with a 48-byte FWID digest");
    }
    return Arrays.copyOfRange(wrapped, n - FWID_SIZE, n);
  }
}
