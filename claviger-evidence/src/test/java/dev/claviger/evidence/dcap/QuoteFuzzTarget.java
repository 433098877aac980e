package dev.claviger.evidence.dcap;

import dev.claviger.evidence.dcap.internal.QuoteParser;
import java.time.Instant;

/**
 * Jazzer fuzz target (standalone form, no compile-time Jazzer dependency):
 * {@code jazzer --cp=<test classpath> --target_class=dev.claviger.evidence.dcap.QuoteFuzzTarget}.
 * Parses and fully verifies arbitrary bytes; anything but a {@link DcapRejectedException} is a bug
 * and propagates as a crash. {@link QuoteFuzzTargetTest} runs it over seeds and mutations in CI.
 */
public final class QuoteFuzzTarget {
  private static final DcapQuoteVerifier VERIFIER =
      new DcapQuoteVerifier(TrustAnchors.intelBuiltIn(), Collateral.empty());
  private static final Instant AT = Instant.parse("2025-07-19T10:00:00Z");

  private QuoteFuzzTarget() {}

  public static void fuzzerTestOneInput(byte[] data) {
    try {
      VERIFIER.verify(QuoteParser.parse(data), AT, DcapPolicy.bestEffort());
    } catch (DcapRejectedException expected) {
      // the only acceptable failure
    } catch (dev.claviger.evidence.EvidenceException e) {
      throw new IllegalStateException("offline verification must not fail internally", e);
    }
  }
}
