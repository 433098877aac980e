package dev.claviger.evidence.cca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every byte of the corpus tokens is covered by a signature or is structure: flipping any single
 * bit of any byte must be rejected with a typed CCA error, never accepted and never a crash.
 */
class CcaTamperTest {

  @ParameterizedTest
  @ValueSource(strings = {CcaCorpus.TAG_399, CcaCorpus.CMW_907})
  void verifyToken_anySingleByteFlip_rejected(String file) throws Exception {
    byte[] token = CcaCorpus.bytes(file);
    CcaTrustAnchors anchors = CcaCorpus.anchors();
    CcaVerifier.verifyToken(CcaToken.decode(token), anchors);
    List<String> accepted = new ArrayList<>();
    for (int mask : new int[] {0x01, 0x80}) {
      for (int i = 0; i < token.length; i++) {
        byte[] t = token.clone();
        t[i] ^= (byte) mask;
        try {
          CcaVerifier.verifyToken(CcaToken.decode(t), anchors);
          accepted.add(i + "^" + mask);
        } catch (CcaRejectedException expected) {
          // the flip was detected
        }
      }
    }
    assertThat(accepted).as("byte flips that still verified").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {CcaCorpus.TAG_399, CcaCorpus.CMW_907})
  void verifyToken_lastByteOfEachSignatureFlipped_givesSignatureError(String file)
      throws Exception {
    CcaToken t = CcaToken.decode(CcaCorpus.bytes(file));
    byte[] realm = t.realmToken();
    realm[realm.length - 1] ^= 1;
    byte[] platform = t.platformToken();
    platform[platform.length - 1] ^= 1;
    CcaTrustAnchors anchors = CcaCorpus.anchors();

    assertThatThrownBy(() -> CcaVerifier.verifyToken(
        new CcaToken(t.encoding(), t.platformToken(), realm), anchors))
        .isInstanceOfSatisfying(CcaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(CcaError.REALM_SIGNATURE_INVALID));
    assertThatThrownBy(() -> CcaVerifier.verifyToken(
        new CcaToken(t.encoding(), platform, t.realmToken()), anchors))
        .isInstanceOfSatisfying(CcaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(CcaError.UNTRUSTED_PLATFORM_KEY));
  }

  @ParameterizedTest
  @ValueSource(strings = {CcaCorpus.TAG_399, CcaCorpus.CMW_907})
  void verifyToken_truncatedAtEveryLength_rejected(String file) throws Exception {
    byte[] token = CcaCorpus.bytes(file);
    for (int n = 0; n < token.length; n++) {
      byte[] t = java.util.Arrays.copyOf(token, n);
      assertThatThrownBy(() -> CcaToken.decode(t)).isInstanceOf(CcaRejectedException.class);
    }
  }
}
