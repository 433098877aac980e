package dev.claviger.evidence;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Evidence whose signatures, certificate chains and bindings a {@link Verifier} has checked.
 *
 * <p>Only a verifier can create one: the sole factory is {@link VerifierAccess#builder()}, and a
 * {@code VerifierAccess} is handed out by {@link VerifierRegistry} for one verification call. The
 * registry also checks that the object returned was minted for that very call, so a verifier
 * cannot return a stale result either.
 */
public final class VerifiedEvidence {
  private final Tee tee;
  private final List<DeviceClaims> devices;
  private final byte[] reportData;
  private final byte[] initData;
  private final VerifierAccess issuer;

  VerifiedEvidence(
      Tee tee, List<DeviceClaims> devices, byte[] reportData, byte[] initData, VerifierAccess issuer) {
    this.tee = tee;
    this.devices = List.copyOf(devices);
    this.reportData = reportData == null ? null : reportData.clone();
    this.initData = initData == null ? null : initData.clone();
    this.issuer = issuer;
  }

  public Tee tee() {
    return tee;
  }

  /** Claims per device, in the order the verifier reported them; at least one. */
  public List<DeviceClaims> devices() {
    return devices;
  }

  /** The evidence's report-data field (lowercase hex) when its binding was checked. */
  public Optional<String> reportDataHex() {
    return reportData == null ? Optional.empty() : Optional.of(HexFormat.of().formatHex(reportData));
  }

  /** The init-data digest (lowercase hex) when the evidence binds it. */
  public Optional<String> initDataHex() {
    return initData == null ? Optional.empty() : Optional.of(HexFormat.of().formatHex(initData));
  }

  boolean issuedBy(VerifierAccess access) {
    return issuer == access;
  }

  @Override
  public String toString() {
    return "VerifiedEvidence[tee=" + tee + ", devices=" + devices.size() + "]";
  }
}
