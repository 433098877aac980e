package dev.claviger.evidence.cca;

import static dev.claviger.evidence.cca.TestTokens.Tag;
import static dev.claviger.evidence.cca.TestTokens.cbor;
import static dev.claviger.evidence.cca.TestTokens.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outer collection and the evidence document: accepted forms and negative cases. */
class CcaTokenTest {
  private static final byte[] P = {1, 2};
  private static final byte[] R = {3, 4};

  @Test
  void decode_cmwWithMediaTypeText_accepted() throws Exception {
    CcaToken t = CcaToken.decode(cbor(new Tag(907, map(44234L,
        List.of("application/eat+cwt; eat_profile=\"tag:arm.com,2023:cca_platform#1.0.0\"", P),
        44241L, List.of(263L, R, 1L)))));
    assertThat(t.platformToken()).containsExactly(P);
    assertThat(t.realmToken()).containsExactly(R);
  }

  @Test
  void decode_malformedCollections_rejectedAsMalformedToken() {
    List<Object> bad = List.of(
        map(44234L, P, 44241L, R), // untagged
        new Tag(400, map(44234L, P, 44241L, R)), // other tag
        new Tag(399, List.of(P, R)), // not a map
        new Tag(399, map(44234L, P)), // realm missing
        new Tag(399, map(44234L, P, 44241L, R, 1L, P)), // extra key
        new Tag(399, map(44234L, P, 44242L, R)), // wrong key
        new Tag(399, map(44234L, "text", 44241L, R)), // not a bstr
        new Tag(399, map(44234L, List.of(263L, P), 44241L, R)), // CMW form under 399
        new Tag(907, map(44234L, P, 44241L, R)), // bare bstr under 907
        new Tag(907, map(44234L, List.of(262L, P), 44241L, List.of(263L, R))), // wrong type
        new Tag(907, map(44234L, List.of("text/plain", P), 44241L, List.of(263L, R))),
        new Tag(907, map(44234L, List.of(263L), 44241L, List.of(263L, R))), // short CMW
        new Tag(907, map(44234L, List.of(263L, P, -1L), 44241L, List.of(263L, R))));
    for (Object o : bad) {
      assertThatThrownBy(() -> CcaToken.decode(cbor(o))).as(o.toString())
          .isInstanceOfSatisfying(CcaRejectedException.class,
              e -> assertThat(e.error()).isEqualTo(CcaError.MALFORMED_TOKEN));
    }
  }

  @Test
  void decode_oversizedToken_rejectedBeforeParsing() {
    assertThatThrownBy(() -> CcaToken.decode(new byte[CcaToken.MAX_TOKEN_BYTES + 1]))
        .isInstanceOf(CcaRejectedException.class).hasMessageContaining("exceeds");
  }

  @Test
  void fromEvidenceJson_badDocuments_rejectedAsMalformedEvidence() throws Exception {
    ObjectMapper m = new ObjectMapper();
    for (String json : List.of("{}", "{\"token\":\"AAAA\"}", "{\"token\":[256]}",
        "{\"token\":[-1]}", "{\"token\":[1.5]}", "{\"token\":[\"1\"]}", "[]")) {
      assertThatThrownBy(() -> CcaToken.fromEvidenceJson(m.readTree(json))).as(json)
          .isInstanceOfSatisfying(CcaRejectedException.class,
              e -> assertThat(e.error()).isEqualTo(CcaError.MALFORMED_EVIDENCE));
    }
  }

  @Test
  void decodeAny_garbageText_rejected() {
    for (String s : List.of("zz!!", "{not json", "abc")) {
      assertThatThrownBy(() -> CcaToken.decodeAny(s.getBytes(StandardCharsets.US_ASCII)))
          .as(s).isInstanceOf(CcaRejectedException.class);
    }
  }
}
