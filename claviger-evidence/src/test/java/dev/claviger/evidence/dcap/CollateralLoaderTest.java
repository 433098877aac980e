package dev.claviger.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.dcap.internal.RawJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collateral layouts: PCS client-tool JSON, exact-bytes extraction, malformed files. */
class CollateralLoaderTest {
  private static final ObjectMapper M = new ObjectMapper();

  /** go-tdx-qpl's PCS responses and chain rearranged into the PCS client-tool layout. */
  private static byte[] pcsToolDocument(boolean embedAsObjects, boolean urlEncodeChain) throws Exception {
    String tcb = new String(DcapCorpus.bytes("tdx/go-tdx-qpl/tcbinfo.json"), StandardCharsets.UTF_8).strip();
    String qe = new String(DcapCorpus.bytes("tdx/go-tdx-qpl/qeidentity.json"), StandardCharsets.UTF_8).strip();
    String chain = new String(DcapCorpus.bytes("tdx/go-tdx-qpl/tcbSigningChain.pem"), StandardCharsets.US_ASCII);
    if (urlEncodeChain) {
      chain = URLEncoder.encode(chain, StandardCharsets.UTF_8).replace("+", "%20"); // PCS header style
    }
    String tcbValue = embedAsObjects ? tcb : M.writeValueAsString(tcb);
    String qeValue = embedAsObjects ? qe : M.writeValueAsString(qe);
    return ("{\"collaterals\": {\n  \"tcbinfos\": [ {\"fmspc\": \"00806F050000\", \"tdx_tcbinfo\": " + tcbValue
        + "} ],\n  \"tdqeidentity\": " + qeValue + ",\n  \"certificates\": {\"TCB-Info-Issuer-Chain\": "
        + M.writeValueAsString(chain) + ", \"SGX-Enclave-Identity-Issuer-Chain\": " + M.writeValueAsString(chain)
        + "}\n}}").getBytes(StandardCharsets.UTF_8);
  }

  private static TcbStatus verifyQpl(Collateral c) throws Exception {
    return new DcapQuoteVerifier(DcapCorpus.intelAnchors(), c).verify(DcapCorpus.quote("tdx/go-tdx-qpl/quote"),
        Instant.parse("2023-03-01T00:00:00Z"), DcapPolicy.strict().withRequireCrls(false)).tcbStatus().orElseThrow();
  }

  @Test
  void fromBytes_pcsToolLayoutEmbeddedObjects_verifies() throws Exception {
    assertThat(verifyQpl(Collateral.fromBytes(List.of(pcsToolDocument(true, false))))).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void fromBytes_pcsToolLayoutStringsAndUrlEncodedChain_verifies() throws Exception {
    assertThat(verifyQpl(Collateral.fromBytes(List.of(pcsToolDocument(false, true))))).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void fromDirectory_pcsToolFile_verifies(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("collateral.json"), pcsToolDocument(true, false));
    Files.writeString(dir.resolve("README.txt"), "not collateral");
    assertThat(verifyQpl(Collateral.fromDirectory(dir))).isEqualTo(TcbStatus.UP_TO_DATE);
  }

  @Test
  void fromDirectory_missingDirectory_evidenceException(@TempDir Path dir) {
    assertThatThrownBy(() -> Collateral.fromDirectory(dir.resolve("absent"))).isInstanceOf(EvidenceException.class);
  }

  @Test
  void fromBytes_tcbInfoResponseWithoutSignature_rejectedAtLoad() throws Exception {
    ObjectNode n = (ObjectNode) M.readTree(DcapCorpus.bytes("tdx/go-tdx-qpl/tcbinfo.json"));
    n.remove("signature");
    assertThatThrownBy(() -> Collateral.fromBytes(List.of(M.writeValueAsBytes(n))))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("signature");
  }

  @Test
  void fromBytes_unknownTcbStatus_rejectedAtLoad() throws Exception {
    byte[] b = new String(DcapCorpus.bytes("tdx/go-tdx-qpl/tcbinfo.json"), StandardCharsets.UTF_8)
        .replaceFirst("UpToDate", "Fine").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Collateral.fromBytes(List.of(b))).isInstanceOf(EvidenceException.class)
        .hasMessageContaining("tcbStatus");
  }

  @Test
  void member_exactBytesKeptWithWhitespaceAndEscapes() throws Exception {
    byte[] doc = "{ \"a\" : [1, {\"x\":\"}\\\"\"}] ,\"tcbInfo\" :  {\"k\" : \"v\\u0041\"}  , \"signature\":\"ab\"}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(new String(RawJson.member(doc, "tcbInfo"), StandardCharsets.UTF_8)).isEqualTo("{\"k\" : \"v\\u0041\"}");
    assertThat(new String(RawJson.member(doc, "signature"), StandardCharsets.UTF_8)).isEqualTo("\"ab\"");
    assertThat(RawJson.member(doc, "absent")).isNull();
  }

  @Test
  void member_truncatedOrDeepJson_ioException() {
    assertThatThrownBy(() -> RawJson.member("{\"a\": {\"b\": ".getBytes(), "a")).isInstanceOf(java.io.IOException.class);
    String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
    assertThatThrownBy(() -> RawJson.member(deep.getBytes(), "a")).isInstanceOf(java.io.IOException.class);
    assertThatThrownBy(() -> RawJson.member("[1]".getBytes(), "a")).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void fromDirectory_goTdxGuestDirectory_selectsTcbInfoByFmspc() throws Exception {
    Collateral c = DcapCorpus.collateral("tdx/go-tdx-guest");
    assertThat(c.pool().tcbInfo(Hex.decode("90c06f000000"), true, Instant.parse("2026-02-03T00:00:00Z"))).isPresent();
    assertThat(c.pool().tcbInfo(Hex.decode("50806f000000"), true, Instant.parse("2023-07-01T00:00:00Z"))).isPresent();
    assertThat(c.pool().tcbInfo(Hex.decode("50806f000000"), false, Instant.parse("2023-07-01T00:00:00Z"))).isEmpty();
  }
}
