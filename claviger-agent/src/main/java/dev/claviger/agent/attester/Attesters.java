package dev.claviger.agent.attester;

import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.SampleAttester;
import dev.claviger.agent.attester.internal.FsTsmReports;
import dev.claviger.agent.attester.internal.TsmReports;
import dev.claviger.agent.tpm.TpmAttester;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the primary attester. {@link #detect} follows upstream's order: tdx, sgx, az-tdx-vtpm,
 * az-snp-vtpm, snp, csv, cca, se, tpm, then sample. This agent has no sgx, az-*, csv or se
 * attester: their platforms are skipped (with a warning when their marker is present), so such a
 * guest falls through to the next match, in the end to sample, which no default policy trusts.
 */
public final class Attesters {
  private static final Logger LOG = LoggerFactory.getLogger(Attesters.class);
  private static final String[] UNSUPPORTED = {"sgx", "az-tdx-vtpm", "az-snp-vtpm", "csv", "se"};

  private Attesters() {}

  /** Detects the platform's attester (never fails over to nothing: sample is the last resort). */
  public static Attester detect(PlatformPaths p) throws AttesterException {
    return detect(p, new FsTsmReports(Objects.requireNonNull(p, "p").tsmReport()));
  }

  static Attester detect(PlatformPaths p, TsmReports tsm) throws AttesterException {
    if (TdxAttester.detect(p, tsm)) {
      return chosen(new TdxAttester(p, tsm));
    }
    if (p.env("OCCLUM").isPresent()) {
      LOG.warn("OCCLUM is set: the sgx attester is not supported here; skipping it");
    }
    warnIfPresent(p, "sgx", "/dev/attestation/attestation_type");
    // az-tdx-vtpm / az-snp-vtpm need Azure's vTPM HCL report and IMDS; not implemented here.
    if (SnpAttester.detect(p)) {
      return chosen(new SnpAttester(p, tsm));
    }
    warnIfPresent(p, "csv", "/dev/csv-guest");
    if (CcaAttester.detect(tsm)) {
      return chosen(new CcaAttester(tsm));
    }
    warnIfPresent(p, "se", "/dev/uv");
    Optional<Attester> tpm = TpmAttester.detect(p);
    if (tpm.isPresent()) {
      return chosen(tpm.get());
    }
    LOG.warn("no TEE detected: using the sample attester, whose evidence proves nothing");
    return new SampleAttester();
  }

  /**
   * The attester for an explicit {@code --tee} choice, without detection; the device is first
   * touched when evidence is requested.
   *
   * @throws AttesterException the name is unknown, names a TEE this agent does not support, or
   *     (tpm) no TPM is present
   */
  public static Attester byName(String tee, PlatformPaths p) throws AttesterException {
    return byName(tee, p, new FsTsmReports(Objects.requireNonNull(p, "p").tsmReport()));
  }

  static Attester byName(String tee, PlatformPaths p, TsmReports tsm) throws AttesterException {
    String name = Objects.requireNonNull(tee, "tee").toLowerCase(Locale.ROOT);
    return switch (name) {
      case TdxAttester.TEE -> new TdxAttester(p, tsm);
      case SnpAttester.TEE -> new SnpAttester(p, tsm);
      case CcaAttester.TEE -> new CcaAttester(tsm);
      case TpmAttester.TEE -> TpmAttester.detect(p).orElseThrow(
          () -> new AttesterException("--tee tpm: no TPM found (AA_TPM_DEVICE, /dev/tpmrm0, /dev/tpm0..2)"));
      case SampleAttester.TEE -> new SampleAttester();
      default -> throw new AttesterException(unsupported(name)
          ? "TEE '" + name + "' is not supported by the Claviger agent (see docs/attesters.md)"
          : "unknown TEE '" + abbreviate(tee) + "' (tdx, snp, cca, tpm, sample)");
    };
  }

  private static boolean unsupported(String name) {
    for (String u : UNSUPPORTED) {
      if (u.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static Attester chosen(Attester a) {
    LOG.info("detected TEE: {}", a.tee());
    return a;
  }

  private static void warnIfPresent(PlatformPaths p, String tee, String... markers) {
    for (String m : markers) {
      if (Files.exists(p.resolve(m))) {
        LOG.warn("{} present: the {} attester is not supported here; skipping it", m, tee);
        return;
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }
}
