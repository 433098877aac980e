package dev.claviger.evidence.cca.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** COSE_Sign1 structure and the exact Sig_structure bytes of RFC 9052 §4.4. */
class CoseSign1Test {

  @Test
  void toBeSigned_isTheRfc9052SigStructure() throws Exception {
    // d2 84 | 43 a1 01 26 (ES256) | a0 | 43 010203 | 40
    CoseSign1 c = CoseSign1.parse(HexFormat.of().parseHex("d28443a10126a04301020340"));
    assertThat(c.alg()).isEqualTo(CoseAlg.ES256);
    assertThat(HexFormat.of().formatHex(c.toBeSigned()))
        .isEqualTo("846a5369676e61747572653143a101264043010203");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "d3 8443a10126a04301020340", // wrong tag
      "d2 8343a10126a043010203", // three elements
      "d2 84a10126a04301020340", // protected header not a bstr
      "d2 8443a10126804301020340", // unprotected header not a map
      "d2 8443a10126a0f64140", // detached (nil) payload
      "d2 8443a10126a043010203a0", // signature not a bstr
      "d2 8443810126a04301020340", // protected header not a map (trailing bytes)
      "d2 8441a0a04301020340", // no alg
      "d2 8444a1012601a04301020340", // trailing byte inside protected header
  })
  void parse_malformed_rejectedAsMalformedCose(String hex) {
    assertThatThrownBy(() -> CoseSign1.parse(HexFormat.of().parseHex(hex.replace(" ", ""))))
        .isInstanceOfSatisfying(CcaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(CcaError.MALFORMED_COSE));
  }

  @Test
  void parse_textOrUnknownAlg_rejectedAsUnsupported() {
    // protected {1: "ES2"} and {1: -37 (PS256)}
    for (String hex : List.of("d28446a10163455332a04301020340", "d28444a1013824a04301020340")) {
      assertThatThrownBy(() -> CoseSign1.parse(HexFormat.of().parseHex(hex)))
          .isInstanceOfSatisfying(CcaRejectedException.class,
              e -> assertThat(e.error()).isEqualTo(CcaError.UNSUPPORTED_ALGORITHM));
    }
  }
}
