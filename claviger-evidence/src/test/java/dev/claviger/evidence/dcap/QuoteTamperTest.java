package dev.claviger.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.QuoteParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exhaustive single-byte tamper over every signed or bound region of every Intel sample: header,
 * (v5 descriptor), body, quote signature, attestation key, QE report, QE report signature, QE
 * authentication data with its length. Each flipped quote must be rejected. One verifier instance
 * per sample so the PCK chain is parsed once.
 */
class QuoteTamperTest {
  private static final DcapPolicy CHAIN_ONLY = DcapPolicy.strict().withRequireCrls(false)
      .withRequireTcbEvaluation(false);

  @org.junit.jupiter.api.BeforeAll
  static void provider() {
    dev.claviger.core.CryptoProviders.install(); // ACCP when available: the same provider as production
  }

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of("tdx/dcap-qvl/tdx_quote", "2025-07-19T10:00:34Z"),
        Arguments.of("tdx/dcap-qvl/tdx_quote_outdated", "2026-03-01T00:00:00Z"),
        Arguments.of("tdx/dcap-qvl/tdx-quote.hex", "2025-09-01T00:00:00Z"),
        Arguments.of("tdx/dcap-qvl/quote-from-tappd.hex", "2025-09-01T00:00:00Z"),
        Arguments.of("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat", "2023-07-01T01:00:00Z"),
        Arguments.of("tdx/go-tdx-guest/quote_v5_sample.dat", "2026-02-03T01:00:00Z"),
        Arguments.of("tdx/go-tdx-guest/ccel/cos-113-tdx-quote.dat", "2025-01-01T00:00:00Z"),
        Arguments.of("tdx/go-tdx-qpl/quote", "2023-03-01T00:00:00Z"),
        Arguments.of("tdx/oak/tdx_oc_evidence.quote.bin", "2026-01-01T00:00:00Z"),
        Arguments.of("sgx/dcap-qvl/sgx_quote", "2025-07-19T10:00:00Z"),
        Arguments.of("sgx/mobilecoin-sgx/hw_quote.dat", "2023-05-01T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void verify_anySignedByteFlipped_rejected(String sample, String at) throws Exception {
    byte[] original = DcapCorpus.quote(sample);
    Instant when = Instant.parse(at);
    DcapQuoteVerifier verifier = new DcapQuoteVerifier(DcapCorpus.intelAnchors(), Collateral.empty());
    verifier.verify(original, when, CHAIN_ONLY);
    List<Integer> offsets = signedOffsets(QuoteParser.parse(original));
    List<Integer> accepted = new ArrayList<>();
    for (int off : offsets) {
      byte[] t = original.clone();
      t[off] ^= 0x01;
      try {
        verifier.verify(t, when, CHAIN_ONLY);
        accepted.add(off);
      } catch (DcapRejectedException expected) {
        // each flip must land here
      }
    }
    assertThat(accepted).as("offsets whose flip was accepted").isEmpty();
    assertThat(offsets.size()).isGreaterThan(1000);
  }

  /** Offsets of header, body, signature, key, QE report, QE signature and QE auth data. */
  static List<Integer> signedOffsets(Quote q) {
    List<Integer> out = new ArrayList<>();
    range(out, 0, q.signedLength());
    int sig = q.signedLength() + 4;
    range(out, sig, 128);
    int qe = q.version() == 3 ? sig + 128 : sig + 128 + 6;
    int authLen = q.qe().authData().length;
    range(out, qe, 384 + 64 + 2 + authLen);
    return out;
  }

  private static void range(List<Integer> out, int from, int len) {
    for (int i = from; i < from + len; i++) {
      out.add(i);
    }
  }
}
