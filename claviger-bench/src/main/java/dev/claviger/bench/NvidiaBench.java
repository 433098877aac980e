package dev.claviger.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.CryptoProviders;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.evidence.nvidia.NvidiaDeviceVerifier;
import dev.claviger.evidence.nvidia.internal.CertChains;
import dev.claviger.evidence.nvidia.internal.NvidiaSettings;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
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
 * NVIDIA device verification of the corpus Hopper (H100) report: nvtrust's
 * {@code hopperAttestationReport.txt} with its 5-certificate chain and nonce {@code 931d8dd0…},
 * against the built-in, pinned NVIDIA Device Identity CA (read in place from
 * {@code -Dclaviger.shared=...}, default {@code ../shared}):
 *
 * <ul>
 *   <li>{@link #warmVerifyDevice}: {@link NvidiaDeviceVerifier#verify} with a reused verifier and
 *       warm JIT — SPDM and opaque-data parse, PEM chain parse, report signature, chain
 *       (names, CA flags, validity, five certificate signatures), FWID, nonce. The verifier keeps
 *       no cache of its own; "warm" is the steady state of a service that has seen the device;
 *   <li>{@link #warmVerifyEvidenceJson}: the same through the Verifier SPI from upstream's evidence
 *       JSON (hex decode, claims incl. NRAS-style ones), as the Attestation Service calls it;
 *   <li>{@link #chainOnly}: just the chain check of already parsed certificates;
 *   <li>{@link #chainSignaturesUncached}: the five certificate signatures {@code CertChains}
 *       checks (four links and the pinned root's self-signature), verified with fresh
 *       {@link Signature} objects over the TBS bytes: what the chain costs without the JDK's
 *       certificate caches (see below);
 *   <li>{@link #rawP384Verify}: one bare ECDSA P-384/SHA-384 verification of the report's signed
 *       bytes (4 KiB) with the leaf key, same provider: the unit the ratios are expressed in.
 * </ul>
 *
 * <p>Why the warm verification costs little more than one signature: the JDK's
 * {@code CertificateFactory} returns the same certificate object for the same DER (its X.509
 * cache) and that object remembers which key it last verified with, so the chain signatures of
 * a device seen before are not recomputed. A device seen for the first time pays up to
 * {@link #chainSignaturesUncached} once (less the intermediates and root already seen).
 * Run: {@code bin/bench jmh NvidiaBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class NvidiaBench {
  private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");
  private static final String HOPPER_NONCE =
      "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb";

  private NvidiaDeviceVerifier verifier;
  private VerifierRegistry registry;
  private Evidence evidence;
  private ExpectedReportData reportData;
  private byte[] report;
  private byte[] pemChain;
  private byte[] nonce;
  private List<X509Certificate> chain;
  private List<X509Certificate> roots;
  private int signedLength;
  private byte[] signature;
  private PublicKey leafKey;

  @Setup
  public void setup() throws Exception {
    CryptoProviders.install();
    Path nvtrust = Path.of(System.getProperty("claviger.shared", "../shared"))
        .resolve("evidence-corpus/nvidia/nvtrust");
    String reportHex = Files.readString(nvtrust.resolve("hopperAttestationReport.txt")).strip();
    report = HexFormat.of().parseHex(reportHex);
    pemChain = Files.readAllBytes(nvtrust.resolve("hopperCertChain.txt"));
    nonce = HexFormat.of().parseHex(HOPPER_NONCE);
    roots = NvidiaSettings.from(JsonNodeFactory.instance.objectNode()).deviceRoots();
    verifier = new NvidiaDeviceVerifier(roots);
    NvidiaDeviceVerifier.Result r = verifier.verify(report, pemChain, nonce, AT, true);
    SpdmReport spdm = r.report();
    signedLength = spdm.signedLength();
    signature = spdm.signature();
    leafKey = r.leaf().getPublicKey();
    chain = CertChains.parsePem(pemChain, CertChains.DEVICE);

    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.putArray("device_evidence_list").addObject()
        .put("arch", "HOPPER").put("uuid", "1111-2222-33333-444444-555555")
        .put("evidence", reportHex)
        .put("certificate", Base64.getEncoder().encodeToString(pemChain));
    evidence = new Evidence(Tee.NVIDIA, json);
    reportData = ExpectedReportData.of(nonce);
    registry = VerifierRegistry.load(VerifierConfig.defaults());
    if (warmVerifyEvidenceJson().devices().size() != 1 || !rawP384Verify()
        || !chainSignaturesUncached()) {
      throw new IllegalStateException("Hopper sample does not verify: setup is wrong");
    }
    System.out.println("# NvidiaBench provider: " + CryptoProviders.active()
        + " / SHA384withECDSAinP1363Format from "
        + Signature.getInstance("SHA384withECDSAinP1363Format").getProvider().getName()
        + "; chain of " + chain.size() + " certificates, signed with "
        + chain.stream().map(X509Certificate::getSigAlgName).toList());
  }

  @Benchmark
  public NvidiaDeviceVerifier.Result warmVerifyDevice() throws Exception {
    return verifier.verify(report, pemChain, nonce, AT, true);
  }

  @Benchmark
  public VerifiedEvidence warmVerifyEvidenceJson() throws Exception {
    return registry.verify(evidence, reportData, ExpectedInitData.NOT_PROVIDED, AT);
  }

  @Benchmark
  public List<X509Certificate> chainOnly() throws Exception {
    CertChains.verify(chain, roots, AT, CertChains.DEVICE);
    return chain;
  }

  @Benchmark
  public boolean chainSignaturesUncached() throws Exception {
    boolean ok = true;
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : c;
      Signature s = Signature.getInstance(c.getSigAlgName());
      s.initVerify(issuer.getPublicKey());
      s.update(c.getTBSCertificate());
      ok &= s.verify(c.getSignature());
    }
    return ok;
  }

  @Benchmark
  public boolean rawP384Verify() throws Exception {
    Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
    s.initVerify(leafKey);
    s.update(report, 0, signedLength);
    return s.verify(signature);
  }
}
