package dev.claviger.evidence.dcap;

import dev.claviger.core.Hex;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.dcap.internal.CollateralLoader;
import dev.claviger.evidence.dcap.internal.CollateralPool;
import dev.claviger.evidence.dcap.internal.QeIdentity;
import dev.claviger.evidence.dcap.internal.Signed;
import dev.claviger.evidence.dcap.internal.TcbInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collateral from Intel PCS or a PCCS ({@code /sgx|tdx/certification/v4/...}): TCB Info by FMSPC,
 * QE Identity, PCK CRL by CA type and the Root CA CRL, with issuer chains from the response headers
 * ({@code TCB-Info-Issuer-Chain}, {@code SGX-Enclave-Identity-Issuer-Chain},
 * {@code SGX-PCK-CRL-Issuer-Chain}, URL-encoded PEM). Results are cached per (TEE, FMSPC, CA type)
 * and refetched {@code refreshMargin} before the earliest {@code nextUpdate} among them; when a
 * refetch fails, the cached set is served until that {@code nextUpdate}. Nothing fetched is trusted:
 * the verifier checks every signature.
 */
public final class PcsClient implements CollateralSource {
  static final int MAX_BODY = 4 * 1024 * 1024;
  private final URI base;
  private final HttpClient http;
  private final Clock clock;
  private final Duration refreshMargin;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(Collateral collateral, Instant refreshAfter, Instant expires) {}

  /**
   * @param base PCS or PCCS root, e.g. {@code https://api.trustedservices.intel.com}; a trailing
   *     {@code /sgx/certification/v4/} (upstream's spelling) is accepted
   */
  public PcsClient(URI base, HttpClient http, Clock clock, Duration refreshMargin) {
    String s = Objects.requireNonNull(base, "base").toString().replaceAll("/+$", "");
    s = s.replaceFirst("/(sgx|tdx)/certification/v4$", "");
    this.base = URI.create(s);
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshMargin = Objects.requireNonNull(refreshMargin, "refreshMargin");
  }

  public static PcsClient create(URI base) {
    return new PcsClient(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build(), Clock.systemUTC(), Duration.ofHours(1));
  }

  @Override
  public Collateral collateralFor(byte[] fmspc, String caType, boolean tdx, Instant at)
      throws EvidenceException {
    if (!caType.equals("platform") && !caType.equals("processor")) {
      throw new IllegalArgumentException("caType");
    }
    String key = (tdx ? "tdx/" : "sgx/") + Hex.encode(fmspc) + "/" + caType;
    Instant now = clock.instant();
    Entry e = cache.get(key);
    if (e != null && now.isBefore(e.refreshAfter())) {
      return e.collateral();
    }
    synchronized (this) {
      e = cache.get(key);
      if (e != null && now.isBefore(e.refreshAfter())) {
        return e.collateral();
      }
      try {
        Entry fresh = fetch(fmspc, caType, tdx, now);
        cache.put(key, fresh);
        return fresh.collateral();
      } catch (EvidenceException ex) {
        if (e != null && now.isBefore(e.expires())) {
          return e.collateral();
        }
        throw ex;
      }
    }
  }

  private Entry fetch(byte[] fmspc, String caType, boolean tdx, Instant now) throws EvidenceException {
    String tee = tdx ? "tdx" : "sgx";
    CollateralPool.Builder b = CollateralPool.builder();
    try {
      Response tcb = get("/" + tee + "/certification/v4/tcb?fmspc=" + Hex.encode(fmspc));
      CollateralLoader.addPcsResponse(b, tcb.body(), tcb.header("TCB-Info-Issuer-Chain", "SGX-TCB-Info-Issuer-Chain"));
      Response qe = get("/" + tee + "/certification/v4/qe/identity");
      CollateralLoader.addPcsResponse(b, qe.body(), qe.header("SGX-Enclave-Identity-Issuer-Chain"));
      Response pck = get("/sgx/certification/v4/pckcrl?ca=" + caType + "&encoding=der");
      CollateralLoader.addCrl(b, pck.body());
      String chain = pck.header("SGX-PCK-CRL-Issuer-Chain");
      if (chain != null) {
        CollateralLoader.addPcsResponseChainOnly(b, chain);
      }
      CollateralLoader.addCrl(b, get("/sgx/certification/v4/rootcacrl").body());
    } catch (IOException ex) {
      throw new EvidenceException("PCS collateral for FMSPC " + Hex.encode(fmspc) + ": " + ex.getMessage(), ex);
    }
    CollateralPool pool = b.build();
    Instant expires = earliestNextUpdate(pool, fmspc, tdx, now);
    Instant refresh = expires.minus(refreshMargin);
    return new Entry(Collateral.ofPool(pool), refresh.isAfter(now) ? refresh : now, expires);
  }

  private static Instant earliestNextUpdate(CollateralPool pool, byte[] fmspc, boolean tdx, Instant now) {
    Instant min = Instant.MAX;
    for (Signed<TcbInfo> t : pool.tcbInfos()) {
      min = t.value().nextUpdate().isBefore(min) ? t.value().nextUpdate() : min;
    }
    for (Signed<QeIdentity> q : pool.identities()) {
      min = q.value().nextUpdate().isBefore(min) ? q.value().nextUpdate() : min;
    }
    for (X509CRL c : pool.crls()) {
      if (c.getNextUpdate() != null && c.getNextUpdate().toInstant().isBefore(min)) {
        min = c.getNextUpdate().toInstant();
      }
    }
    return min == Instant.MAX ? now : min;
  }

  private record Response(byte[] body, HttpResponse<InputStream> raw) {
    String header(String... names) {
      for (String n : names) {
        var v = raw.headers().firstValue(n);
        if (v.isPresent()) {
          return v.get();
        }
      }
      return null;
    }
  }

  private Response get(String pathAndQuery) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
        .GET().build();
    HttpResponse<InputStream> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    try (InputStream in = r.body()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (r.statusCode() != 200) {
        throw new IOException("GET " + pathAndQuery + ": HTTP " + r.statusCode());
      }
      if (body.length > MAX_BODY) {
        throw new IOException("GET " + pathAndQuery + ": body larger than " + MAX_BODY);
      }
      return new Response(body, r);
    }
  }

  @Override
  public String toString() {
    return "PcsClient[" + base + ", cached=" + cache.size() + "]";
  }
}
