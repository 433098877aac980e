package dev.claviger.agent.attester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.SampleAttester;
import dev.claviger.agent.attester.internal.TsmReportSession;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.evidence.cca.CcaRejectedException;
import dev.claviger.evidence.cca.CcaVerifier;
import dev.claviger.evidence.testing.SharedCorpus;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CCA tokens from the configfs double serving the corpus token, checked by the real verifier. */
class CcaAttesterTest {
  private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");
  /** The realm challenge of the TF-RMM corpus token (its MANIFEST). */
  private static final byte[] REALM_CHALLENGE = TsmReportSessionTest.filled(64, 0xab);

  @TempDir
  Path root;

  private static VerifierRegistry registry() throws Exception {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("anchors_dir", SharedCorpus.path("roots/arm-cca").toString());
    return VerifierRegistry.load(VerifierConfig.defaults().withOptions(CcaVerifier.OPTIONS, o));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cca/ccatoken/cca_token.cbor", "cca/ccatoken/cca_token.cmw907.cbor"})
  void evidence_corpusToken_verifiesWithCcaVerifier(String file) throws Exception {
    byte[] token = SharedCorpus.bytes(file);
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, token);
    byte[] challenge = TsmReportSessionTest.filled(32, 0x01);

    JsonNode evidence = new CcaAttester(tsm).evidence(challenge);

    VerifiedEvidence v = registry().verify(new Evidence(Tee.CCA, evidence),
        ExpectedReportData.of(REALM_CHALLENGE), ExpectedInitData.NOT_PROVIDED, AT);
    assertThat(v.tee()).isEqualTo(Tee.CCA);
    assertThat(evidence.size()).isEqualTo(1);
    assertThat(evidence.get("token")).hasSize(token.length);
    assertThat(evidence.get("token").get(0).isInt()).isTrue();
    assertThat(tsm.inblobs()).singleElement().isEqualTo(Arrays.copyOf(challenge, 64));
  }

  @Test
  void evidence_tamperedToken_verifierRejects() throws Exception {
    byte[] token = SharedCorpus.bytes("cca/ccatoken/cca_token.cbor");
    token[token.length - 10] ^= 1; // inside the realm token's signature
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, token);

    JsonNode evidence = new CcaAttester(tsm).evidence(new byte[64]);

    assertThatThrownBy(() -> registry().verify(new Evidence(Tee.CCA, evidence),
        ExpectedReportData.NOT_PROVIDED, ExpectedInitData.NOT_PROVIDED, AT))
        .isInstanceOf(CcaRejectedException.class);
  }

  @Test
  void evidence_challengeOver64_refused() {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, new byte[] {1});

    assertThatThrownBy(() -> new CcaAttester(tsm).evidence(new byte[65]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("at most 64 bytes");
  }

  @Test
  void evidence_tdxProvider_wrongProvider() {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, new byte[] {1});

    assertThatThrownBy(() -> new CcaAttester(tsm).evidence(new byte[64]))
        .isInstanceOf(AttesterException.class)
        .cause().isInstanceOfSatisfying(TsmReportException.class,
            e -> assertThat(e.reason()).isEqualTo(TsmReportException.Reason.WRONG_PROVIDER));
  }

  @Test
  void initDataBinding_ccaAndSample_unsupported() {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, new byte[] {1});

    for (var a : new dev.claviger.agent.Attester[] {new CcaAttester(tsm), new SampleAttester()}) {
      assertThatThrownBy(() -> InitDataBinding.check(a, new byte[32]))
          .isInstanceOfSatisfying(InitDataBindingException.class,
              e -> assertThat(e.reason()).isEqualTo(InitDataBindingException.Reason.UNSUPPORTED));
    }
    assertThatThrownBy(() -> InitDataBinding.check(new SampleAttester(), new byte[65]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
