package dev.claviger.evidence.dcap;

import java.util.Optional;

/** TCB status names as Intel PCS writes them and as upstream's {@code tcb_status} claim spells them. */
public enum TcbStatus {
  UP_TO_DATE("UpToDate"),
  SW_HARDENING_NEEDED("SWHardeningNeeded"),
  CONFIGURATION_NEEDED("ConfigurationNeeded"),
  CONFIGURATION_AND_SW_HARDENING_NEEDED("ConfigurationAndSWHardeningNeeded"),
  OUT_OF_DATE("OutOfDate"),
  OUT_OF_DATE_CONFIGURATION_NEEDED("OutOfDateConfigurationNeeded"),
  TD_RELAUNCH_ADVISED("TDRelaunchAdvised"),
  TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED("TDRelaunchAdvisedConfigurationNeeded"),
  REVOKED("Revoked");

  private final String wireName;

  TcbStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses a PCS status string (case-sensitive, as PCS emits it). */
  public static Optional<TcbStatus> fromWire(String s) {
    for (TcbStatus t : values()) {
      if (t.wireName.equals(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Statuses upstream Trustee accepts (QVL results it does not treat as terminal). */
  public boolean acceptedByDefault() {
    return this != REVOKED;
  }

  /** Whether the status asks for a platform configuration change. */
  public boolean needsConfiguration() {
    return this == CONFIGURATION_NEEDED || this == CONFIGURATION_AND_SW_HARDENING_NEEDED
        || this == OUT_OF_DATE_CONFIGURATION_NEEDED || this == TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
