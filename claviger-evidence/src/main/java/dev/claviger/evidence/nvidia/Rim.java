package dev.claviger.evidence.nvidia;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.nvidia.internal.CertChains;
import dev.claviger.evidence.nvidia.internal.RimXml;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signed NVIDIA reference integrity manifest (SWID tag, ISO 19770-2, enveloped XML-DSig with
 * ECDSA P-384), verified: signature by the KeyInfo leaf, KeyInfo chain to a pinned CoRIM root,
 * every certificate valid at the evaluation instant.
 *
 * @param product {@code Meta/@product} (e.g. GH100)
 * @param version {@code Meta/@colloquialVersion}: driver version or VBIOS version
 * @param signer subject of the signing certificate
 * @param measurements active measurements: SPDM block index → allowed digests (hex)
 */
public record Rim(String product, String version, String signer,
    Map<Integer, List<String>> measurements) {
  /** Larger than any RIM NVIDIA publishes (about 20 KiB); bounds parsing work. */
  public static final int MAX_SIZE = 1024 * 1024;

  public Rim {
    measurements = Map.copyOf(new TreeMap<>(measurements));
  }

  /**
   * Parses and verifies a RIM.
   *
   * @throws NvidiaRejectedException RIM_MALFORMED, RIM_SIGNATURE_INVALID, RIM_CHAIN_INVALID or
   *     RIM_CERT_EXPIRED
   * @throws EvidenceException the platform lacks XML-DSig or ECDSA
   */
  public static Rim verify(byte[] xml, List<X509Certificate> roots, Instant now)
      throws NvidiaRejectedException, EvidenceException {
    if (xml.length > MAX_SIZE) {
      throw new NvidiaRejectedException(NvidiaError.RIM_MALFORMED, "RIM larger than " + MAX_SIZE);
    }
    RimXml doc = RimXml.parse(xml);
    List<X509Certificate> chain = doc.signerChain();
    CertChains.verify(chain, roots, now, CertChains.RIM);
    doc.verifySignature(chain.get(0).getPublicKey());
    return new Rim(doc.product(), doc.version(), chain.get(0).getSubjectX500Principal().getName(),
        doc.measurements());
  }

  /** Whether this RIM is for {@code version} (case-insensitive: VBIOS versions vary in case). */
  public boolean isFor(String reportedVersion) {
    return version.toLowerCase(Locale.ROOT).equals(reportedVersion.toLowerCase(Locale.ROOT));
  }

  /**
   * Indices whose reported measurement matches none of this RIM's alternatives (a missing block
   * counts as a mismatch).
   */
  public List<Integer> mismatches(Map<Integer, byte[]> reported) {
    HexFormat hex = HexFormat.of();
    return measurements.entrySet().stream()
        .filter(e -> {
          byte[] got = reported.get(e.getKey());
          return got == null || !e.getValue().contains(hex.formatHex(got));
        })
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
