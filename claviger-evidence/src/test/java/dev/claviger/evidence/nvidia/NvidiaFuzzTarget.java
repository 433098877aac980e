package dev.claviger.evidence.nvidia;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.nvidia.internal.CertChains;
import dev.claviger.evidence.nvidia.internal.OpaqueData;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Jazzer fuzz targets (standalone form, no compile-time Jazzer dependency):
 * {@code jazzer --cp=<test classpath> --target_class=dev.claviger.evidence.nvidia.NvidiaFuzzTarget}
 * fuzzes the SPDM report and opaque-data parsers; {@link Rim} is fuzzed through
 * {@link #rimTestOneInput}. Anything but an {@link NvidiaRejectedException} is a bug and
 * propagates as a crash. {@link NvidiaFuzzTargetTest} runs both over seeds and mutations in CI.
 */
public final class NvidiaFuzzTarget {
  private static final List<X509Certificate> RIM_ROOT = rimRoot();
  private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

  private NvidiaFuzzTarget() {}

  public static void fuzzerTestOneInput(byte[] data) {
    try {
      SpdmReport r = SpdmReport.parse(data);
      OpaqueData.decode(r.opaque());
    } catch (NvidiaRejectedException expected) {
      // the only acceptable failure
    }
  }

  public static void rimTestOneInput(byte[] data) {
    try {
      Rim.verify(data, RIM_ROOT, AT);
    } catch (NvidiaRejectedException expected) {
      // the only acceptable failure
    } catch (EvidenceException e) {
      throw new IllegalStateException("RIM verification must not fail internally", e);
    }
  }

  private static List<X509Certificate> rimRoot() {
    try {
      return CertChains.parsePem(dev.claviger.evidence.nvidia.internal.BuiltInNvidiaRoots.RIM_ROOT
          .getBytes(StandardCharsets.US_ASCII), CertChains.RIM);
    } catch (NvidiaRejectedException e) {
      throw new IllegalStateException(e);
    }
  }
}
