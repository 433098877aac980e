package dev.claviger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.claviger.evidence.eventlog.MeasuredBoot;
import dev.claviger.evidence.eventlog.TcgEventLog;
import dev.claviger.evidence.tpm.TpmHashAlg;
import dev.claviger.evidence.tpm.TpmVerifier;
import dev.claviger.evidence.tpm.internal.QuoteVerifier;
import dev.claviger.evidence.tpm.internal.QuotedPcrs;
import dev.claviger.evidence.tpm.internal.TpmsAttest;
import dev.claviger.evidence.tpm.internal.TpmtPublic;
import dev.claviger.evidence.tpm.internal.TpmtSignature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * TPM 2.0 quote and measured-boot verification with the go-tpm-tools corpus (read in place from
 * {@code -Dclaviger.shared=...}, default {@code ../shared}). The quote is the GCE Shielded VM's
 * {@code quote1_SHA256} (RSASSA-2048/SHA-256 AK, 24 SHA-256 PCRs); the largest corpus log is
 * {@code gdc-host.bin} (50 KB, crypto-agile). The corpus has no quote from that host, so the log is
 * appraised against the PCR values go-tpm-tools expects for it ({@code eventlog_expected_pcrs.json}),
 * which is exactly what a quote of that host would vouch for.
 *
 * <ul>
 *   <li>{@link #quote24Pcrs}: parse TPMS_ATTEST and TPMT_SIGNATURE, verify the signature with the
 *       (already parsed) AK, check the 24 PCR values against the signed pcrDigest;
 *   <li>{@link #largestLogAppraisal}: parse the 50 KB log, replay its SHA-256 bank, compare every
 *       replayed PCR with the quoted value and build the {@code event_log} claims;
 *   <li>{@link #quoteAndLargestLog}: both, the per-evidence cost the issue asks for;
 *   <li>{@link #gceEndToEnd}: the {@code tpm} verifier through the Verifier SPI on the GCE
 *       evidence as JSON: AK SPKI parse, quote + 24 PCRs, AK certificate chained by PKIX to the GCE
 *       EK/AK roots, the VM's own 24 KB event log appraised against the quote, all claims;
 *   <li>{@link #rawRsa2048Verify}: one bare SHA256withRSA verification of the quote with the AK,
 *       same provider: the unit the ratios are expressed in.
 * </ul>
 * Run: {@code bin/bench jmh TpmBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class TpmBench {
  private static final Instant AT = Instant.parse("2026-11-22T00:00:00Z");
  private static final String GCE = "tpm/go-tpm-tools/attestations/gce-cos-85-no-nonce/";

  private byte[] attest;
  private byte[] signature;
  private PublicKey ak;
  private List<byte[]> pcrs;
  private byte[] largestLog;
  private Map<TpmHashAlg, Map<Integer, byte[]>> largestLogPcrs;
  private VerifierRegistry registry;
  private Evidence gceEvidence;
  private byte[] rsaSignature;

  @Setup
  public void setup() throws Exception {
    CryptoProviders.install();
    Path corpus = Path.of(System.getProperty("claviger.shared", "../shared"))
        .resolve("evidence-corpus");
    attest = Files.readAllBytes(corpus.resolve(GCE + "quote1_SHA256.tpms_attest"));
    signature = Files.readAllBytes(corpus.resolve(GCE + "quote1_SHA256.tpmt_signature"));
    ak = TpmtPublic.parse(Files.readAllBytes(corpus.resolve(GCE + "ak_pub.tpmt_public"))).key();
    pcrs = pcrs(corpus.resolve(GCE + "quote1_SHA256.pcrs.txt"));
    Path logs = corpus.resolve("tpm/go-tpm-tools/eventlogs");
    largestLog = Files.readAllBytes(logs.resolve("gdc-host.bin"));
    largestLogPcrs = expected(logs.resolve("eventlog_expected_pcrs.json"), "GdcHost");
    rsaSignature = TpmtSignature.parse(signature).rsa();
    registry = VerifierRegistry.load(VerifierConfig.defaults().withOptions(TpmVerifier.OPTIONS,
        JsonNodeFactory.instance.objectNode()
            .put("ak_anchors_dir", corpus.resolve("roots/gce").toString())));
    gceEvidence = new Evidence(Tee.TPM, gceJson(corpus));
    checkSetup();
    System.out.println("# TpmBench provider: " + CryptoProviders.active()
        + " / SHA256withRSA from " + Signature.getInstance("SHA256withRSA").getProvider().getName()
        + "; largest log " + largestLog.length + " bytes, "
        + TcgEventLog.parse(largestLog).events().size() + " events");
  }

  private void checkSetup() throws Exception {
    if (quote24Pcrs().banks().get(TpmHashAlg.SHA256).size() != 24
        || largestLogAppraisal().get("verified_pcrs").size() != largestLogPcrs
            .get(TpmHashAlg.SHA256).size()
        || !"certificate".equals(gceEndToEnd().devices().get(0).claims().path("ak_trust").asText())
        || !gceEndToEnd().devices().get(0).claims().has("event_log")
        || !rawRsa2048Verify()) {
      throw new IllegalStateException("corpus does not verify as expected: setup is wrong");
    }
  }

  @Benchmark
  public QuotedPcrs quote24Pcrs() throws Exception {
    return QuoteVerifier.verify(TpmsAttest.parse(attest), TpmtSignature.parse(signature), ak, pcrs);
  }

  @Benchmark
  public ObjectNode largestLogAppraisal() throws Exception {
    return MeasuredBoot.appraise(TcgEventLog.parse(largestLog), largestLogPcrs);
  }

  @Benchmark
  public ObjectNode quoteAndLargestLog() throws Exception {
    quote24Pcrs();
    return largestLogAppraisal();
  }

  @Benchmark
  public VerifiedEvidence gceEndToEnd() throws Exception {
    return registry.verify(gceEvidence, ExpectedReportData.NOT_PROVIDED,
        ExpectedInitData.NOT_PROVIDED, AT);
  }

  @Benchmark
  public boolean rawRsa2048Verify() throws Exception {
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(ak);
    s.update(attest);
    return s.verify(rsaSignature);
  }

  /** The GCE attestation as upstream's {@code tpm} evidence plus its AK certificate and log. */
  private ObjectNode gceJson(Path corpus) throws IOException {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("ak_public", b64.encodeToString(ak.getEncoded()));
    ObjectNode quote = json.putObject("tpm_quote");
    quote.put("message", b64.encodeToString(attest));
    quote.put("signature", b64.encodeToString(signature));
    pcrs.forEach(p -> quote.withArray("pcrs").add(HexFormat.of().formatHex(p)));
    json.put("ak_cert", b64.encodeToString(Files.readAllBytes(corpus.resolve(GCE + "ak_cert.der"))));
    json.put("eventlog", b64.encodeToString(Files.readAllBytes(corpus.resolve(GCE + "event_log.bin"))));
    return json;
  }

  /** "index hexvalue" lines, in index order. */
  private static List<byte[]> pcrs(Path file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        out.add(HexFormat.of().parseHex(line.trim().split("\\s+")[1]));
      }
    }
    return out;
  }

  private static Map<TpmHashAlg, Map<Integer, byte[]>> expected(Path file, String name)
      throws IOException {
    JsonNode sha256 = new ObjectMapper().readTree(file.toFile())
        .path(name).path("expected_pcrs").path("SHA256");
    Map<Integer, byte[]> bank = new TreeMap<>();
    sha256.fields().forEachRemaining(e ->
        bank.put(Integer.parseInt(e.getKey()), HexFormat.of().parseHex(e.getValue().asText())));
    if (bank.isEmpty()) {
      throw new IOException("no SHA-256 PCRs for " + name + " in " + file);
    }
    return Map.of(TpmHashAlg.SHA256, bank);
  }
}
