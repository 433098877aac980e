package dev.claviger.evidence.snp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.snp.internal.SnpClaims;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A verified SNP report: the signature verified with a VCEK/VLEK that chains to a pinned ARK, the
 * certificate's TCB (and for a VCEK its hwID) bound to the report, and the policy checks passed.
 * Report-data and init-data bindings are the caller's (the {@link SnpVerifier} does them).
 *
 * @param report the report
 * @param generation the processor generation, agreed by CPUID (v3+) and the VCEK/VLEK issuer
 * @param vek the VCEK or VLEK that signed the report
 * @param reportedTcb REPORTED_TCB decoded for the generation
 * @param crlChecked whether an AMD CRL was consulted
 */
public record SnpVerification(SnpReport report, ProcessorGeneration generation,
    X509Certificate vek, TcbVersion reportedTcb, boolean crlChecked) {

  public SnpVerification {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(generation, "generation");
    Objects.requireNonNull(vek, "vek");
    Objects.requireNonNull(reportedTcb, "reportedTcb");
  }

  /** The claims under upstream's names ({@code measurement}, {@code policy_debug_allowed}, ...). */
  public ObjectNode claims() {
    return SnpClaims.of(report, reportedTcb);
  }
}
