package dev.claviger.evidence.tdx;

import dev.claviger.evidence.tdx.internal.AaelMismatchException;
import dev.claviger.evidence.tdx.internal.CcEventLog;
import dev.claviger.evidence.tdx.internal.CcelFormatException;
import dev.claviger.evidence.tdx.internal.UefiEventClaims;

/**
 * Jazzer fuzz target for the CC event log parser, replay and claim rendering:
 * {@code jazzer --cp=<test classpath> --target_class=dev.claviger.evidence.tdx.CcelFuzzTarget}.
 * Only {@link CcelFormatException} (malformed) and {@link AaelMismatchException} (unmeasured
 * runtime entry) may escape.
 */
public final class CcelFuzzTarget {
  private CcelFuzzTarget() {}

  public static void fuzzerTestOneInput(byte[] data) {
    try {
      CcEventLog log = CcEventLog.parse(data);
      log.replayRtmrs();
      UefiEventClaims.of(log);
      log.checkRuntimeEvents();
    } catch (CcelFormatException | AaelMismatchException expected) {
      // the only acceptable failures
    }
  }
}
