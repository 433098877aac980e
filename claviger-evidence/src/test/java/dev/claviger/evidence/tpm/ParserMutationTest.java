package dev.claviger.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.evidence.azure.internal.HclReport;
import dev.claviger.evidence.eventlog.CanonicalEventLog;
import dev.claviger.evidence.eventlog.TcgEventLog;
import dev.claviger.evidence.tpm.internal.TpmsAttest;
import dev.claviger.evidence.tpm.internal.TpmtPublic;
import dev.claviger.evidence.tpm.internal.TpmtSignature;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random mutations of corpus inputs (byte flips, overwrites with boundary values,
 * truncation, extension): every parser either parses or throws {@link TpmRejectedException};
 * no unchecked exception escapes. A deterministic stand-in until the Jazzer targets run in CI.
 */
class ParserMutationTest {
  interface Parser {
    void parse(byte[] b) throws TpmRejectedException;
  }

  static Parser parser(String kind) {
    return switch (kind) {
      case "attest" -> TpmsAttest::parse;
      case "signature" -> TpmtSignature::parse;
      case "public" -> TpmtPublic::parse;
      case "eventlog" -> b -> {
        TcgEventLog log = TcgEventLog.parse(b);
        for (TpmHashAlg a : log.banks()) {
          log.replay(a);
        }
      };
      case "cel" -> CanonicalEventLog::parse;
      case "hcl" -> b -> {
        HclReport r = HclReport.parse(b);
        dev.claviger.evidence.azure.internal.RuntimeClaims.parse(r.variableData());
      };
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @CsvSource({
      "attest, tpm/go-tpm-tools/attestations/gce-cos-85-nonce9009/quote0_SHA1.tpms_attest",
      "signature, tpm/go-tpm-tools/attestations/gce-cos-85-nonce9009/quote0_SHA1.tpmt_signature",
      "public, tpm/go-tpm-tools/attestations/gce-cos-85-nonce9009/ak_pub.tpmt_public",
      "eventlog, tpm/go-tpm-tools/eventlogs/arch-linux-workstation.bin",
      "eventlog, tpm/go-tpm-tools/eventlogs/debian-10.bin",
      "cel, tpm/go-tpm-tools/eventlogs/cel.b64",
      "hcl, tpm/azure-cvm-tooling/hcl-report-tdx.bin"})
  void parse_randomMutations_onlyTypedRejections(String kind, String file) {
    byte[] seed = TpmCorpus.bytes(file);
    if (file.endsWith(".b64")) {
      seed = Base64.getMimeDecoder().decode(seed);
    }
    Parser p = parser(kind);
    Random rnd = new Random(0x7e57 ^ file.hashCode());
    int parsed = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] m = mutate(seed, rnd);
      try {
        p.parse(m);
        parsed++;
      } catch (TpmRejectedException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(parsed).isLessThan(2000);
  }

  static byte[] mutate(byte[] seed, Random rnd) {
    byte[] m = seed.clone();
    int op = rnd.nextInt(4);
    if (op == 0) {
      return java.util.Arrays.copyOf(m, rnd.nextInt(m.length + 1));
    }
    if (op == 1) {
      return java.util.Arrays.copyOf(m, m.length + 1 + rnd.nextInt(64));
    }
    int n = 1 + rnd.nextInt(4);
    for (int k = 0; k < n; k++) {
      int at = rnd.nextInt(m.length);
      m[at] = op == 2 ? (byte) (m[at] ^ (1 << rnd.nextInt(8)))
          : new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80}[rnd.nextInt(4)];
    }
    return m;
  }
}
