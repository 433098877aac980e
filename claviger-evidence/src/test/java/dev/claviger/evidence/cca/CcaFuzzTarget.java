package dev.claviger.evidence.cca;

import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/**
 * Jazzer fuzz target (standalone form, no compile-time Jazzer dependency):
 * {@code jazzer --cp=<test classpath> --target_class=dev.claviger.evidence.cca.CcaFuzzTarget}.
 * Decodes arbitrary bytes as a CCA token in any accepted text or binary form and runs every
 * check; anything but a {@link CcaRejectedException} is a bug and propagates as a crash.
 * {@link CcaFuzzTargetTest} runs it over the corpus seeds with mutations in CI.
 */
public final class CcaFuzzTarget {
  private static final CcaTrustAnchors ANCHORS = anchors();

  private CcaFuzzTarget() {}

  private static CcaTrustAnchors anchors() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp384r1"));
      return CcaTrustAnchors.of(List.of(g.generateKeyPair().getPublic()));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  public static void fuzzerTestOneInput(byte[] data) {
    fuzzerTestOneInput(data, ANCHORS);
  }

  static void fuzzerTestOneInput(byte[] data, CcaTrustAnchors anchors) {
    try {
      CcaVerifier.verifyToken(CcaToken.decodeAny(data), anchors);
    } catch (CcaRejectedException expected) {
      // the only acceptable failure
    } catch (dev.claviger.evidence.EvidenceException e) {
      throw new IllegalStateException("verification with anchors must not fail internally", e);
    }
  }
}
