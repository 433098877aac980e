package dev.claviger.bench;

import dev.claviger.core.CryptoProviders;
import dev.claviger.evidence.dcap.Collateral;
import dev.claviger.evidence.dcap.DcapPolicy;
import dev.claviger.evidence.dcap.DcapQuoteVerifier;
import dev.claviger.evidence.dcap.DcapVerification;
import dev.claviger.evidence.dcap.TcbStatus;
import dev.claviger.evidence.dcap.TrustAnchors;
import dev.claviger.evidence.dcap.internal.Ecdsa;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.QuoteParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Intel DCAP verification of a real TDX quote (dcap-qvl {@code tdx_quote} with its complete
 * collateral, at its capture instant; read in place from {@code -Dclaviger.shared=...}, default
 * {@code ../shared}):
 *
 * <ul>
 *   <li>{@link #warmVerify}: full verification with warm PCK-chain and collateral caches (target
 *       200 µs per quote and core; upstream's C library: 13-15 ms);
 *   <li>{@link #coldVerify}: the same with empty caches (new verifier; collateral already loaded);
 *   <li>{@link #twoRawP256Verifies}: two bare ECDSA P-256 verifications with the same provider, the
 *       crypto floor of a warm verification (quote signature + QE report signature).
 * </ul>
 * Run: {@code java -jar claviger-bench/target/benchmarks.jar DcapBench -rf json}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DcapBench {
  private static final Instant AT = Instant.parse("2025-07-19T10:00:34Z");

  private TrustAnchors anchors;
  private Collateral collateral;
  private DcapQuoteVerifier warm;
  private byte[] quote;
  private byte[] signed;
  private byte[] quoteSig;
  private byte[] qeReport;
  private byte[] qeSig;
  private PublicKey attKey;
  private PublicKey pckKey;
  private String provider;

  @Setup
  public void setup() throws Exception {
    CryptoProviders.install();
    Path corpus = Path.of(System.getProperty("claviger.shared", "../shared")).resolve("evidence-corpus");
    anchors = TrustAnchors.fromDirectory(corpus.resolve("roots/intel"));
    collateral = Collateral.fromFiles(java.util.List.of(corpus.resolve("tdx/dcap-qvl/tdx_quote_collateral.json")));
    quote = Files.readAllBytes(corpus.resolve("tdx/dcap-qvl/tdx_quote"));
    warm = new DcapQuoteVerifier(anchors, collateral);
    DcapVerification v = warm.verify(quote, AT, DcapPolicy.strict());
    if (v.tcbStatus().orElseThrow() != TcbStatus.UP_TO_DATE) {
      throw new IllegalStateException("benchmark quote does not verify as UpToDate: setup is wrong");
    }
    Quote q = QuoteParser.parse(quote);
    signed = q.signedRegion();
    quoteSig = Ecdsa.toDer(q.signature());
    qeReport = q.qe().qeReport().bytes();
    qeSig = Ecdsa.toDer(q.qe().qeReportSignature());
    attKey = Ecdsa.p256Key(q.attestationKey());
    pckKey = v.pck().leafKey();
    provider = Signature.getInstance("SHA256withECDSA").getProvider().getName();
    System.out.println("# DcapBench provider: " + CryptoProviders.active() + " / SHA256withECDSA from " + provider);
  }

  @Benchmark
  public DcapVerification warmVerify() throws Exception {
    return warm.verify(quote, AT, DcapPolicy.strict());
  }

  @Benchmark
  public DcapVerification coldVerify() throws Exception {
    return new DcapQuoteVerifier(anchors, collateral).verify(quote, AT, DcapPolicy.strict());
  }

  @Benchmark
  public boolean twoRawP256Verifies() throws Exception {
    Signature a = Signature.getInstance("SHA256withECDSA");
    a.initVerify(attKey);
    a.update(signed);
    boolean ok = a.verify(quoteSig);
    Signature b = Signature.getInstance("SHA256withECDSA");
    b.initVerify(pckKey);
    b.update(qeReport);
    return ok & b.verify(qeSig);
  }
}
