package dev.claviger.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.claviger.core.Hex;
import dev.claviger.evidence.EvidenceException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The KDS client against a local server on 127.0.0.1:0 that the test starts and stops. */
class KdsClientTest {
  private static final SnpCorpus.Sample OAK_MILAN = SnpCorpus.SAMPLES.get(3);

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  /** Per path: status, optional Retry-After, body. */
  private final Map<String, Object[]> answers = new ConcurrentHashMap<>();
  private final AtomicInteger hits = new AtomicInteger();
  private final MutableClock clock = new MutableClock();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      hits.incrementAndGet();
      String target = ex.getRequestURI().toString();
      requests.add(target);
      Object[] a = answers.getOrDefault(ex.getRequestURI().getPath(), new Object[] {404, null, new byte[0]});
      if (a[1] != null) {
        ex.getResponseHeaders().add("Retry-After", (String) a[1]);
      }
      byte[] body = (byte[]) a[2];
      ex.sendResponseHeaders((int) a[0], body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        ex.getResponseBody().write(body);
      }
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private KdsClient client(Duration minInterval, Duration maxWait) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new KdsClient(base, HttpClient.newHttpClient(), clock, minInterval, maxWait);
  }

  private String milanPath() throws Exception {
    return "/vcek/v1/Milan/" + Hex.encode(SnpReport.parse(SnpCorpus.report(OAK_MILAN)).chipId());
  }

  @Test
  void kdsSource_servesVcek_reportVerifiesAndSecondCallIsCached() throws Exception {
    answers.put(milanPath(), new Object[] {200, null, SnpCorpus.bytes(OAK_MILAN.vcek())});
    SnpReportVerifier v = new SnpReportVerifier(SnpCorpus.anchors(),
        List.of(VekSources.kds(client(Duration.ofSeconds(10), Duration.ZERO))));
    SnpEvidence e = new SnpEvidence(SnpReport.parse(SnpCorpus.report(OAK_MILAN)), Optional.empty());

    v.verify(e, OAK_MILAN.at(), SnpPolicy.strict());
    v.verify(e, OAK_MILAN.at(), SnpPolicy.strict());

    assertThat(hits.get()).isEqualTo(1);
    assertThat(requests.get(0)).isEqualTo(milanPath() + "?blSPL=04&teeSPL=00&snpSPL=24&ucodeSPL=219");
  }

  @Test
  void get_429WithRetryAfter_failsAndSendsNothingUntilItPassed() throws Exception {
    answers.put("/x", new Object[] {429, "30", new byte[0]});
    KdsClient c = client(Duration.ofSeconds(10), Duration.ZERO);

    assertThatThrownBy(() -> c.get("/x")).isInstanceOf(EvidenceException.class).hasMessageContaining("429");
    assertThatThrownBy(() -> c.get("/x")).isInstanceOf(EvidenceException.class)
        .hasMessageContaining("rate limiting");
    assertThat(hits.get()).isEqualTo(1);

    answers.put("/x", new Object[] {200, null, new byte[] {1, 2}});
    clock.advance(Duration.ofSeconds(31));
    assertThat(c.get("/x")).contains(new byte[] {1, 2});
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void get_503WithoutRetryAfter_doublesBackoff() throws Exception {
    answers.put("/y", new Object[] {503, null, new byte[0]});
    KdsClient c = client(Duration.ofSeconds(10), Duration.ZERO);

    assertThatThrownBy(() -> c.get("/y")).isInstanceOf(EvidenceException.class);
    clock.advance(Duration.ofSeconds(19));
    assertThatThrownBy(() -> c.get("/y")).hasMessageContaining("rate limiting");
    clock.advance(Duration.ofSeconds(2));
    assertThatThrownBy(() -> c.get("/y")).hasMessageContaining("503");
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void get_secondRequestWithinInterval_notSent() throws Exception {
    answers.put("/a", new Object[] {200, null, new byte[] {1}});
    answers.put("/b", new Object[] {200, null, new byte[] {2}});
    KdsClient c = client(Duration.ofSeconds(10), Duration.ZERO);

    assertThat(c.get("/a")).isPresent();
    assertThatThrownBy(() -> c.get("/b")).hasMessageContaining("rate limiting");
    assertThat(c.get("/a")).contains(new byte[] {1});
    clock.advance(Duration.ofSeconds(10));
    assertThat(c.get("/b")).contains(new byte[] {2});
    assertThat(hits.get()).isEqualTo(2);
  }

  @Test
  void get_notFound_emptyAndVerificationSaysVekMissing() throws Exception {
    KdsClient c = client(Duration.ZERO, Duration.ZERO);
    SnpReportVerifier v = new SnpReportVerifier(SnpCorpus.anchors(), List.of(VekSources.kds(c)));
    SnpEvidence e = new SnpEvidence(SnpReport.parse(SnpCorpus.report(OAK_MILAN)), Optional.empty());

    assertThat(c.get("/nothing")).isEmpty();
    SnpCorpusVerificationTest.assertRejected(() -> v.verify(e, OAK_MILAN.at(), SnpPolicy.strict()),
        SnpError.VEK_MISSING);
  }

  @Test
  void get_oversizedAnswer_refused() {
    answers.put("/big", new Object[] {200, null, new byte[KdsClient.MAX_BODY + 1]});

    assertThatThrownBy(() -> client(Duration.ZERO, Duration.ZERO).get("/big"))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("larger");
  }

  @Test
  void get_unexpectedStatus_evidenceException() {
    answers.put("/err", new Object[] {500, null, new byte[0]});

    assertThatThrownBy(() -> client(Duration.ZERO, Duration.ZERO).get("/err"))
        .isInstanceOf(EvidenceException.class).hasMessageContaining("500");
  }

  @Test
  void kdsPath_turin_fmcFirstAnd8ByteHwId() {
    TcbVersion t = TcbVersion.decode(TcbVersion.encode(2, 3, 0, 4, 9, ProcessorGeneration.TURIN),
        ProcessorGeneration.TURIN);

    assertThat(VekSources.kdsPath(ProcessorGeneration.TURIN, java.util.HexFormat.of().parseHex("1e550a8ee5cf9f4d"), t))
        .isEqualTo("/vcek/v1/Turin/1e550a8ee5cf9f4d?fmcSPL=02&blSPL=03&teeSPL=00&snpSPL=04&ucodeSPL=09");
  }

  /** A clock the test moves by hand, so that no test sleeps. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
