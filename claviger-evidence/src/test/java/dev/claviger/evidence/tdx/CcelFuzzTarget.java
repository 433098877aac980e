package dev.claviger.evidence.tdx;

import dev.claviger.evidence.tdx.internal.CcEventLog;
import dev.claviger.evidence.tdx.internal.CcelFormatException;
import dev.claviger.evidence.tdx.internal.UefiEventClaims;

/**
 * Jazzer fuzz target for the CC event log parser, replay and claim rendering:
 * {@code jazzer --cp=<test classpath> --target_class=dev.claviger.evidence.tdx.CcelFuzzTarget}.
 * Only {@link CcelFormatException} may escape the parser.
 */
public final class CcelFuzzTarget {
  private CcelFuzzTarget() {}

  public static void fuzzerTestOneInput(byte[] data) {
    try {
      CcEventLog log = CcEventLog.parse(data);
      log.replayRtmrs();
      UefiEventClaims.of(log);
    } catch (CcelFormatException expected) {
      // the only acceptable failure
    }
  }
}
