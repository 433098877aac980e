package dev.claviger.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every single-byte change of the signed region and of r and s must be rejected. */
class SnpTamperTest {
  /** Signed region [0, 0x2A0) plus r (0x2A0..0x2E8) and s (0x2E8..0x330). */
  private static final int COVERED = 0x330;

  static Stream<SnpCorpus.Sample> samples() {
    return SnpCorpus.SAMPLES.stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void verify_anySignedByteFlipped_rejected(SnpCorpus.Sample s) throws Exception {
    SnpReportVerifier verifier = new SnpReportVerifier(SnpCorpus.anchors(), List.of());
    SnpPolicy policy = SnpPolicy.strict().allowingDebug().allowingMigrationAgent().withMaxVmpl(3);
    byte[] vcek = SnpCorpus.bytes(s.vcek());
    byte[] original = SnpCorpus.report(s);
    verifier.verify(SnpCorpus.evidence(original, vcek), s.at(), policy);

    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < COVERED; i++) {
      byte[] tampered = original.clone();
      // Alternate the flipped bit so that low and high bits of every field are exercised.
      tampered[i] ^= (byte) (1 << (i % 8));
      try {
        verifier.verify(SnpCorpus.evidence(tampered, vcek), s.at(), policy);
        accepted.add(i);
      } catch (SnpRejectedException expected) {
        // rejected, as it must be
      }
    }

    assertThat(accepted).as("offsets whose change was accepted").isEmpty();
  }
}
