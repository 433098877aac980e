package dev.claviger.evidence;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed verifiers, by TEE, filtered by {@link VerifierConfig}. The only way to run a
 * {@link Verifier}: it creates the per-call {@link VerifierAccess} and checks what comes back.
 * Immutable and thread-safe.
 */
public final class VerifierRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierRegistry.class);

  private final VerifierConfig config;
  private final Map<Tee, Verifier> verifiers;

  private VerifierRegistry(VerifierConfig config, Map<Tee, Verifier> verifiers) {
    this.config = config;
    this.verifiers = verifiers;
  }

  /** Loads every verifier visible to this class's class loader. */
  public static VerifierRegistry load(VerifierConfig config) throws EvidenceException {
    return load(config, VerifierRegistry.class.getClassLoader());
  }

  /**
   * Loads every verifier visible to {@code loader}.
   *
   * @throws EvidenceException a verifier failed to load, or two verifiers claim the same TEE
   */
  public static VerifierRegistry load(VerifierConfig config, ClassLoader loader)
      throws EvidenceException {
    Objects.requireNonNull(config, "config");
    EnumMap<Tee, Verifier> found = new EnumMap<>(Tee.class);
    try {
      for (Verifier v : ServiceLoader.load(Verifier.class, loader)) {
        Verifier previous = found.putIfAbsent(Objects.requireNonNull(v.tee(), "tee()"), v);
        if (previous != null) {
          throw new EvidenceException("two verifiers for TEE " + v.tee() + ": "
              + previous.getClass().getName() + " and " + v.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new EvidenceException("cannot load verifiers: " + e.getMessage(), e);
    }
    EnumMap<Tee, Verifier> enabled = new EnumMap<>(Tee.class);
    found.forEach((tee, v) -> {
      if (config.enables(tee)) {
        enabled.put(tee, v);
      }
    });
    if (enabled.containsKey(Tee.SAMPLE) || enabled.containsKey(Tee.SAMPLE_DEVICE)) {
      LOG.warn("INSECURE: sample verifiers are enabled; they check no signature and prove nothing");
    }
    return new VerifierRegistry(config, Collections.unmodifiableMap(enabled));
  }

  /** TEEs that have an installed and enabled verifier. */
  public Set<Tee> enabledTees() {
    return verifiers.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(verifiers.keySet()));
  }

  public VerifierConfig config() {
    return config;
  }

  /**
   * Verifies evidence with the verifier for its TEE.
   *
   * @param now the evaluation instant
   * @throws UnsupportedTeeException no enabled verifier for the evidence's TEE
   * @throws EvidenceRejectedException the verifier rejected the evidence
   * @throws EvidenceException the verifier failed, or returned a result that does not answer the
   *     request (wrong call, missing report-data binding)
   */
  public VerifiedEvidence verify(
      Evidence evidence, ExpectedReportData reportData, ExpectedInitData initData, Instant now)
      throws EvidenceRejectedException, EvidenceException {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(reportData, "reportData");
    Objects.requireNonNull(initData, "initData");
    Objects.requireNonNull(now, "now");
    Verifier verifier = verifierFor(evidence.tee());
    VerifierAccess access = new VerifierAccess(evidence.tee());
    VerifiedEvidence result;
    try {
      result = verifier.verify(evidence, reportData, initData,
          new VerificationContext(now, config, access));
    } catch (RuntimeException e) {
      throw new EvidenceException(
          "verifier for " + evidence.tee() + " failed internally: " + e.getClass().getSimpleName(), e);
    }
    checkResult(evidence.tee(), reportData, access, result);
    return result;
  }

  private Verifier verifierFor(Tee tee) throws UnsupportedTeeException {
    Verifier v = verifiers.get(tee);
    if (v != null) {
      return v;
    }
    if (!config.enables(tee)) {
      throw new UnsupportedTeeException(tee, "verifier for TEE '" + tee
          + "' is disabled: it checks no signature; enable it only for tests with allowInsecureSample");
    }
    throw new UnsupportedTeeException(tee, "no verifier installed for TEE '" + tee + "'");
  }

  private static void checkResult(
      Tee tee, ExpectedReportData reportData, VerifierAccess access, VerifiedEvidence result)
      throws EvidenceException {
    if (result == null || !result.issuedBy(access)) {
      throw new EvidenceException("verifier for " + tee + " returned a result not minted for this call");
    }
    if (reportData.isProvided() && result.reportDataHex().isEmpty()) {
      throw new EvidenceException("verifier for " + tee + " did not check the report-data binding");
    }
  }
}
