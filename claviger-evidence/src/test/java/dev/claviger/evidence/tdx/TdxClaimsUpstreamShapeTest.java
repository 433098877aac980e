package dev.claviger.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.core.CryptoProviders;
import dev.claviger.evidence.dcap.DcapCorpus;
import dev.claviger.evidence.dcap.DcapPolicy;
import dev.claviger.evidence.dcap.DcapQuoteVerifier;
import dev.claviger.evidence.dcap.DcapVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Our TDX claims have exactly the structure upstream's own test expects
 * ({@code deps/verifier/test_data/parse_tdx_claims_expected.json}, read in place from the shared
 * conformance data): same keys under {@code quote.header}, {@code quote.body}, {@code td_attributes}
 * and the same hex conventions.
 */
class TdxClaimsUpstreamShapeTest {
  private static Set<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return new TreeSet<>(out);
  }

  @Test
  void tdxClaims_v4Quote_sameKeysAndEncodingsAsUpstream() throws Exception {
    CryptoProviders.install();
    Path expected = DcapCorpus.root().getParent()
        .resolve("conformance/rego/trustee/deps/verifier/test_data/parse_tdx_claims_expected.json");
    Assumptions.assumeTrue(Files.isRegularFile(expected), "upstream expected claims not in the shared data");
    JsonNode up = new ObjectMapper().readTree(expected.toFile());
    DcapVerification v = new DcapQuoteVerifier(DcapCorpus.intelAnchors(), dev.claviger.evidence.dcap.Collateral.empty())
        .verify(DcapCorpus.quote("tdx/dcap-qvl/tdx_quote"), Instant.parse("2025-07-19T10:00:34Z"),
            DcapPolicy.bestEffort());
    JsonNode ours = TdxClaims.of(v);
    assertThat(keys(ours.get("quote"))).isEqualTo(keys(up.get("quote")));
    assertThat(keys(ours.at("/quote/header"))).isEqualTo(keys(up.at("/quote/header")));
    assertThat(keys(ours.at("/quote/body"))).isEqualTo(keys(up.at("/quote/body")));
    assertThat(keys(ours.get("td_attributes"))).isEqualTo(keys(up.get("td_attributes")));
    for (String k : List.of("init_data", "report_data", "platform_instance_id")) {
      assertThat(ours.has(k)).as(k).isTrue();
      assertThat(ours.get(k).asText()).hasSameSizeAs(up.get(k).asText()).matches("[0-9a-f]+");
    }
    for (String f : keys(up.at("/quote/body"))) {
      assertThat(ours.at("/quote/body/" + f).asText()).as(f).hasSameSizeAs(up.at("/quote/body/" + f).asText());
    }
    assertThat(ours.at("/quote/header/version").asText()).isEqualTo(up.at("/quote/header/version").asText());
    assertThat(ours.at("/quote/header/tee_type").asText()).isEqualTo(up.at("/quote/header/tee_type").asText());
  }
}
