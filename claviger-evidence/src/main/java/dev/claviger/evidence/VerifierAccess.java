package dev.claviger.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Capability to mint {@link VerifiedEvidence}, created by {@link VerifierRegistry} for exactly one
 * verification call and reachable only through that call's {@link VerificationContext}.
 */
public final class VerifierAccess {
  private final Tee tee;

  VerifierAccess(Tee tee) {
    this.tee = tee;
  }

  /** Starts a result for the TEE this call verifies. */
  public Builder builder() {
    return new Builder();
  }

  /** Collects the verified facts. Not thread-safe. */
  public final class Builder {
    private final List<DeviceClaims> devices = new ArrayList<>();
    private byte[] reportData;
    private byte[] initData;

    private Builder() {}

    /** Adds the claims of one device. */
    public Builder device(TeeClass teeClass, com.fasterxml.jackson.databind.JsonNode claims) {
      devices.add(new DeviceClaims(teeClass, claims));
      return this;
    }

    /** Records the report-data field whose binding was checked. */
    public Builder boundReportData(byte[] field) {
      this.reportData = Objects.requireNonNull(field, "field").clone();
      return this;
    }

    /** Records the init-data digest the evidence was checked to bind. */
    public Builder boundInitData(byte[] digest) {
      this.initData = Objects.requireNonNull(digest, "digest").clone();
      return this;
    }

    public VerifiedEvidence build() {
      if (devices.isEmpty()) {
        throw new IllegalStateException("verified evidence needs at least one device's claims");
      }
      return new VerifiedEvidence(tee, devices, reportData, initData, VerifierAccess.this);
    }
  }
}
