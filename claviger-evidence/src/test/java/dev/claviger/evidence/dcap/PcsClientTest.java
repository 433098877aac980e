package dev.claviger.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.claviger.core.Hex;
import dev.claviger.evidence.EvidenceException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PCS client against a local PCCS-compatible server serving the dcap-qvl TDX collateral. */
class PcsClientTest {
  private static final Instant AT = Instant.parse("2025-07-19T10:00:34Z");
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-06-20T00:00:00Z"));

  @BeforeEach
  void start() throws Exception {
    JsonNode c = new ObjectMapper().readTree(DcapCorpus.bytes("tdx/dcap-qvl/tdx_quote_collateral.json"));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/tdx/certification/v4/tcb", x -> {
      String q = x.getRequestURI().getQuery();
      if (!"fmspc=b0c06f000000".equals(q)) {
        send(x, 404, new byte[0], null, null);
        return;
      }
      send(x, 200, ("{\"tcbInfo\":" + c.get("tcb_info").asText() + ",\"signature\":\""
          + c.get("tcb_info_signature").asText() + "\"}").getBytes(StandardCharsets.UTF_8),
          "TCB-Info-Issuer-Chain", c.get("tcb_info_issuer_chain").asText());
    });
    server.createContext("/tdx/certification/v4/qe/identity", x -> send(x, 200,
        ("{\"enclaveIdentity\":" + c.get("qe_identity").asText() + ",\"signature\":\""
            + c.get("qe_identity_signature").asText() + "\"}").getBytes(StandardCharsets.UTF_8),
        "SGX-Enclave-Identity-Issuer-Chain", c.get("qe_identity_issuer_chain").asText()));
    server.createContext("/sgx/certification/v4/pckcrl", x -> send(x,
        "ca=platform&encoding=der".equals(x.getRequestURI().getQuery()) ? 200 : 404, hex(c.get("pck_crl").asText()),
        "SGX-PCK-CRL-Issuer-Chain", c.get("pck_crl_issuer_chain").asText()));
    server.createContext("/sgx/certification/v4/rootcacrl", x -> send(x, 200,
        c.get("root_ca_crl").asText().getBytes(StandardCharsets.US_ASCII), null, null));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void send(HttpExchange x, int status, byte[] body, String header, String pem) throws IOException {
    requests.add(x.getRequestURI().getPath());
    if (failing.get()) {
      status = 503;
      body = new byte[0];
    }
    if (header != null) {
      x.getResponseHeaders().add(header, URLEncoder.encode(pem, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
    x.close();
  }

  private static byte[] hex(String s) {
    try {
      return Hex.decode(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private PcsClient client() {
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sgx/certification/v4/");
    return new PcsClient(base, HttpClient.newHttpClient(), clock, Duration.ofHours(1));
  }

  @Test
  void verify_collateralFromLocalPccs_upToDateAndCached() throws Exception {
    DcapQuoteVerifier v = new DcapQuoteVerifier(DcapCorpus.intelAnchors(), client());
    byte[] quote = DcapCorpus.quote("tdx/dcap-qvl/tdx_quote");
    assertThat(v.verify(quote, AT, DcapPolicy.strict()).tcbStatus()).contains(TcbStatus.UP_TO_DATE);
    assertThat(requests).containsExactly("/tdx/certification/v4/tcb", "/tdx/certification/v4/qe/identity",
        "/sgx/certification/v4/pckcrl", "/sgx/certification/v4/rootcacrl");
    v.verify(quote, AT, DcapPolicy.strict());
    assertThat(requests).hasSize(4);
  }

  @Test
  void collateralFor_nearNextUpdate_refetches() throws Exception {
    PcsClient c = client();
    byte[] fmspc = Hex.decode("b0c06f000000");
    c.collateralFor(fmspc, "platform", true, AT);
    now.set(Instant.parse("2025-07-19T09:30:00Z")); // within the hour before the PCK CRL's nextUpdate
    c.collateralFor(fmspc, "platform", true, AT);
    assertThat(requests).hasSize(8);
  }

  @Test
  void collateralFor_serverDownBeforeExpiry_servesCached() throws Exception {
    PcsClient c = client();
    byte[] fmspc = Hex.decode("b0c06f000000");
    Collateral first = c.collateralFor(fmspc, "platform", true, AT);
    failing.set(true);
    now.set(Instant.parse("2025-07-19T09:30:00Z"));
    assertThat(c.collateralFor(fmspc, "platform", true, AT)).isSameAs(first);
    now.set(Instant.parse("2025-07-20T00:00:00Z"));
    assertThatThrownBy(() -> c.collateralFor(fmspc, "platform", true, AT)).isInstanceOf(EvidenceException.class)
        .hasMessageContaining("503");
  }

  @Test
  void collateralFor_unknownFmspc_evidenceException() {
    assertThatThrownBy(() -> client().collateralFor(Hex.decode("00a067110000"), "platform", true, AT))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("404");
  }
}
