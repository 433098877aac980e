package dev.claviger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.CryptoProviders;
import dev.claviger.evidence.snp.AmdTrustAnchors;
import dev.claviger.evidence.snp.SnpCertEntry;
import dev.claviger.evidence.snp.SnpEvidence;
import dev.claviger.evidence.snp.SnpPolicy;
import dev.claviger.evidence.snp.SnpReport;
import dev.claviger.evidence.snp.SnpReportVerifier;
import dev.claviger.evidence.snp.SnpVerification;
import dev.claviger.evidence.snp.internal.EvidenceJsonWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * AMD SEV-SNP verification of a real Genoa v5 report (project-oak, with its VCEK in the evidence's
 * certificate table; read in place from {@code -Dclaviger.shared=...}, default {@code ../shared}):
 *
 * <ul>
 *   <li>{@link #warmVerify}: full verification (chain names and validity, report signature, TCB
 *       and hwID binding, policy) with warm certificate and chain-signature caches; target
 *       300 µs per report and core;
 *   <li>{@link #warmVerifyFromJson}: the same from upstream's evidence JSON (number arrays);
 *   <li>{@link #coldVerify}: a new verifier each time (VCEK parse, RSA-PSS chain signatures);
 *   <li>{@link #rawP384Verify}: one bare ECDSA P-384/SHA-384 verification of the report with the
 *       same provider, the crypto floor of a warm verification.
 * </ul>
 * Run: {@code java -jar claviger-bench/target/benchmarks.jar SnpBench -rf json}, or
 * {@code java -cp claviger-bench/target/benchmarks.jar dev.claviger.bench.SnpBench out.json} to
 * also print the warm/raw ratio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SnpBench {
  private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");

  private AmdTrustAnchors anchors;
  private SnpReportVerifier warm;
  private SnpEvidence evidence;
  private JsonNode json;
  private byte[] report;
  private byte[] derSignature;
  private PublicKey vcekKey;

  @Setup
  public void setup() throws Exception {
    CryptoProviders.install();
    Path corpus = Path.of(System.getProperty("claviger.shared", "../shared")).resolve("evidence-corpus");
    anchors = AmdTrustAnchors.fromDirectory(corpus.resolve("roots/amd"));
    report = Files.readAllBytes(corpus.resolve("sev-snp/oak/genoa_oc_evidence.report.bin"));
    byte[] vcek = Files.readAllBytes(corpus.resolve("sev-snp/oak/genoa_oc_endorsements.vcek.der"));
    evidence = new SnpEvidence(SnpReport.parse(report),
        Optional.of(List.of(SnpCertEntry.of(SnpCertEntry.Type.VCEK, vcek))));
    json = EvidenceJsonWriter.write(evidence.report(), evidence.certChain());
    warm = new SnpReportVerifier(anchors, List.of());
    SnpVerification v = warm.verify(evidence, AT, SnpPolicy.strict());
    // The same provider-native key the verifier uses, so that the floor is the best case.
    vcekKey = java.security.KeyFactory.getInstance("EC").translateKey(v.vek().getPublicKey())
        instanceof PublicKey k ? k : v.vek().getPublicKey();
    derSignature = der(report);
    if (!rawP384Verify()) {
      throw new IllegalStateException("raw signature check fails: setup is wrong");
    }
    System.out.println("# SnpBench provider: " + CryptoProviders.active() + " / SHA384withECDSA from "
        + Signature.getInstance("SHA384withECDSA").getProvider().getName());
  }

  @Benchmark
  public SnpVerification warmVerify() throws Exception {
    return warm.verify(evidence, AT, SnpPolicy.strict());
  }

  @Benchmark
  public SnpVerification warmVerifyFromJson() throws Exception {
    return warm.verify(SnpEvidence.fromJson(json), AT, SnpPolicy.strict());
  }

  @Benchmark
  public SnpVerification coldVerify() throws Exception {
    return new SnpReportVerifier(anchors, List.of()).verify(evidence, AT, SnpPolicy.strict());
  }

  @Benchmark
  public boolean rawP384Verify() throws Exception {
    Signature s = Signature.getInstance("SHA384withECDSA");
    s.initVerify(vcekKey);
    s.update(report, 0, SnpReport.SIGNED_LENGTH);
    return s.verify(derSignature);
  }

  private static byte[] der(byte[] r) {
    byte[] rb = littleEndian(r, 0x2A0).toByteArray();
    byte[] sb = littleEndian(r, 0x2E8).toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x30);
    out.write(4 + rb.length + sb.length);
    out.write(2);
    out.write(rb.length);
    out.writeBytes(rb);
    out.write(2);
    out.write(sb.length);
    out.writeBytes(sb);
    return out.toByteArray();
  }

  private static BigInteger littleEndian(byte[] b, int off) {
    byte[] be = new byte[72];
    for (int i = 0; i < 72; i++) {
      be[i] = b[off + 71 - i];
    }
    return new BigInteger(1, be);
  }

  /** Runs the benchmark, writes JMH JSON to {@code args[0]} and prints warm/raw ratios. */
  public static void main(String[] args) throws Exception {
    String out = args.length > 0 ? args[0] : "snp-bench.json";
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(SnpBench.class.getSimpleName())
        .resultFormat(ResultFormatType.JSON).result(out).build()).run();
    double raw = score(results, "rawP384Verify");
    for (String b : List.of("warmVerify", "warmVerifyFromJson", "coldVerify")) {
      System.out.printf("%s: %.1f us = %.2f x raw P-384 verify (%.1f us)%n",
          b, score(results, b), score(results, b) / raw, raw);
    }
  }

  private static double score(Collection<RunResult> results, String method) {
    return results.stream()
        .filter(r -> r.getParams().getBenchmark().endsWith("." + method))
        .findFirst().orElseThrow().getPrimaryResult().getScore();
  }
}
