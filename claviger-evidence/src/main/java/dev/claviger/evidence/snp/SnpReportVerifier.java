package dev.claviger.evidence.snp;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.snp.internal.CertCache;
import dev.claviger.evidence.snp.internal.Certs;
import dev.claviger.evidence.snp.internal.ReportSignature;
import dev.claviger.evidence.snp.internal.TcbBinding;
import dev.claviger.evidence.snp.internal.VekChain;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies SEV-SNP reports: VCEK/VLEK from the evidence's certificate table or from the configured
 * {@link VekSource}s, chain to the pinned ARK of the report's generation, report signature, TCB
 * extensions equal to REPORTED_TCB, hwID equal to CHIP_ID (VCEK), VMPL and guest policy, all at
 * an explicit instant.
 *
 * <p>Thread-safe. Parsed certificates, their extensions and chain signatures are cached, so a
 * warm verification costs one SHA-384 and one ECDSA P-384 verification.
 */
public final class SnpReportVerifier {
  private final AmdTrustAnchors anchors;
  private final List<VekSource> sources;
  private final VekChain chain;
  private final CertCache certs = new CertCache();

  public SnpReportVerifier(AmdTrustAnchors anchors, List<VekSource> sources) {
    this.anchors = Objects.requireNonNull(anchors, "anchors");
    this.sources = List.copyOf(sources);
    this.chain = new VekChain(anchors);
  }

  public AmdTrustAnchors anchors() {
    return anchors;
  }

  /**
   * Verifies {@code evidence} at {@code at} under {@code policy}.
   *
   * @throws SnpRejectedException the evidence fails a check ({@link SnpRejectedException#error()})
   * @throws EvidenceException a VCEK source failed
   */
  public SnpVerification verify(SnpEvidence evidence, Instant at, SnpPolicy policy)
      throws SnpRejectedException, EvidenceException {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(policy, "policy");
    SnpReport report = evidence.report();
    VekChain.Kind kind = kind(report);
    Optional<ProcessorGeneration> cpuidGen = cpuidGeneration(report);
    Endorsement e = endorsement(evidence, kind, cpuidGen);
    ProcessorGeneration gen = generation(e.vek, kind, cpuidGen);
    boolean crl = chain.verify(gen, kind, e.vek, e.ask, e.ark, e.crls, at, policy.requireCrl());
    if (!ReportSignature.verify(certs.publicKey(e.vek), report)) {
      throw new SnpRejectedException(SnpError.REPORT_SIGNATURE_INVALID,
          "report signature does not verify with the " + kind);
    }
    TcbVersion tcb = TcbBinding.check(report, gen, kind, certs.extensions(e.vek));
    checkPolicy(report, policy);
    return new SnpVerification(report, gen, e.vek, tcb, crl);
  }

  private record Endorsement(X509Certificate vek, Optional<X509Certificate> ask,
      Optional<X509Certificate> ark, List<X509CRL> crls) {}

  private static VekChain.Kind kind(SnpReport report) throws SnpRejectedException {
    return switch (report.signingKey()) {
      case VCEK -> VekChain.Kind.VCEK;
      case VLEK -> VekChain.Kind.VLEK;
      default -> throw new SnpRejectedException(SnpError.UNSUPPORTED_SIGNING_KEY,
          "SIGNING_KEY is " + report.signingKey() + "; only VCEK- or VLEK-signed reports verify");
    };
  }

  private static Optional<ProcessorGeneration> cpuidGeneration(SnpReport report)
      throws SnpRejectedException {
    Optional<int[]> cpuid = report.cpuid();
    if (cpuid.isEmpty()) {
      return Optional.empty();
    }
    int[] c = cpuid.get();
    return Optional.of(ProcessorGeneration.fromCpuid(c[0], c[1]).orElseThrow(() ->
        new SnpRejectedException(SnpError.UNSUPPORTED_PROCESSOR,
            String.format("CPUID family 0x%x model 0x%x is no known SNP generation", c[0], c[1]))));
  }

  private Endorsement endorsement(SnpEvidence evidence, VekChain.Kind kind,
      Optional<ProcessorGeneration> gen) throws SnpRejectedException, EvidenceException {
    if (evidence.certChain().isPresent()) {
      return fromTable(evidence.certChain().get(), kind);
    }
    for (VekSource s : sources) {
      Optional<byte[]> der = s.find(evidence.report(), gen);
      if (der.isPresent()) {
        return new Endorsement(certs.parse(der.get()), Optional.empty(), Optional.empty(), List.of());
      }
    }
    throw new SnpRejectedException(SnpError.VEK_MISSING, "the evidence has no certificate table and no"
        + " configured source has the " + kind + (sources.isEmpty() ? " (none configured)" : ""));
  }

  private Endorsement fromTable(List<SnpCertEntry> table, VekChain.Kind kind)
      throws SnpRejectedException {
    SnpCertEntry.Type want = kind == VekChain.Kind.VCEK ? SnpCertEntry.Type.VCEK : SnpCertEntry.Type.VLEK;
    X509Certificate vek = null;
    Optional<X509Certificate> ask = Optional.empty();
    Optional<X509Certificate> ark = Optional.empty();
    List<X509CRL> crls = new ArrayList<>();
    for (SnpCertEntry entry : table) {
      if (entry.type() == want && vek == null) {
        vek = certs.parse(entry.data());
      } else if (entry.type() == SnpCertEntry.Type.ASK && ask.isEmpty()) {
        ask = Optional.of(certs.parse(entry.data()));
      } else if (entry.type() == SnpCertEntry.Type.ARK && ark.isEmpty()) {
        ark = Optional.of(certs.parse(entry.data()));
      } else if (entry.type() == SnpCertEntry.Type.CRL) {
        crls.add(crl(entry.data()));
      }
    }
    if (vek == null) {
      throw new SnpRejectedException(SnpError.VEK_MISSING,
          "the report is signed by a " + kind + " but the certificate table has none");
    }
    return new Endorsement(vek, ask, ark, crls);
  }

  private static X509CRL crl(byte[] data) throws SnpRejectedException {
    try {
      return Certs.crl(data);
    } catch (CRLException e) {
      throw new SnpRejectedException(SnpError.CRL_INVALID, "unparseable CRL in the certificate table");
    }
  }

  /** The generation the VCEK/VLEK issuer names; it must agree with the report's CPUID (v3+). */
  private static ProcessorGeneration generation(X509Certificate vek, VekChain.Kind kind,
      Optional<ProcessorGeneration> cpuidGen) throws SnpRejectedException {
    String subject = Certs.commonName(vek.getSubjectX500Principal());
    String expected = kind == VekChain.Kind.VCEK ? "SEV-VCEK" : "SEV-VLEK";
    if (!expected.equals(subject)) {
      throw new SnpRejectedException(SnpError.SIGNING_KEY_MISMATCH,
          "the report is signed by a " + kind + " but the certificate is '" + subject + "'");
    }
    String issuer = Certs.commonName(vek.getIssuerX500Principal());
    ProcessorGeneration gen = ProcessorGeneration.fromCommonName(issuer)
        .filter(g -> issuer.startsWith("SEV-"))
        .orElseThrow(() -> new SnpRejectedException(SnpError.CHAIN_INVALID,
            "issuer '" + issuer + "' names no known SNP generation"));
    if (cpuidGen.isPresent() && cpuidGen.get() != gen) {
      throw new SnpRejectedException(SnpError.UNSUPPORTED_PROCESSOR, "the report's CPUID says "
          + cpuidGen.get().productName() + " but the " + kind + " is issued by '" + issuer + "'");
    }
    return gen;
  }

  private static void checkPolicy(SnpReport report, SnpPolicy policy) throws SnpRejectedException {
    if (report.vmpl() > policy.maxVmpl()) {
      throw new SnpRejectedException(SnpError.VMPL_REJECTED,
          "VMPL " + report.vmpl() + " (accepted: up to " + policy.maxVmpl() + ")");
    }
    if ((report.policy() >>> 19 & 1) == 1 && !policy.allowDebug()) {
      throw new SnpRejectedException(SnpError.POLICY_REJECTED, "the guest policy allows debugging");
    }
    if ((report.policy() >>> 18 & 1) == 1 && !policy.allowMigrationAgent()) {
      throw new SnpRejectedException(SnpError.POLICY_REJECTED,
          "the guest policy allows a migration agent");
    }
  }
}
