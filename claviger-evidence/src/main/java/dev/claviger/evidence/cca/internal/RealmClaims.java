package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The realm token's claims (RMM specification, "Realm claims"; labels as in veraison/ccatoken).
 *
 * @param profile 265, present only in the {@code tag:arm.com,2023:realm#1.0.0} encoding
 * @param challenge 10, 64 bytes: the relying party's report data
 * @param personalizationValue 44235, 64 bytes: the init-data digest
 * @param initialMeasurement 44238 (RIM)
 * @param extensibleMeasurements 44239 (four REMs)
 * @param hashAlgoId 44236, the measurement hash algorithm
 * @param publicKeyClaim 44237 exactly as encoded (the platform challenge hashes these bytes)
 * @param publicKeyHashAlg 44240
 * @param rak the realm attestation key decoded from {@code publicKeyClaim}
 */
public record RealmClaims(Optional<String> profile, byte[] challenge, byte[] personalizationValue,
    byte[] initialMeasurement, List<byte[]> extensibleMeasurements, String hashAlgoId,
    byte[] publicKeyClaim, HashAlg publicKeyHashAlg, ECPublicKey rak) {

  /** The profile whose RAK claim is a serialized COSE_Key instead of a raw EC point. */
  public static final String PROFILE_2023 = "tag:arm.com,2023:realm#1.0.0";
  private static final int[] MEASUREMENT_SIZES = {32, 48, 64};

  public RealmClaims {
    extensibleMeasurements = List.copyOf(extensibleMeasurements);
  }

  /** Parses and validates the claims in a realm token payload. */
  public static RealmClaims parse(byte[] payload) throws CcaRejectedException {
    ClaimReader r = ClaimReader.ofPayload(payload, "realm token");
    Optional<String> profile = r.optionalText(265);
    if (profile.isPresent() && !profile.get().equals(PROFILE_2023)) {
      throw r.fail("unknown realm profile " + profile.get());
    }
    List<Cbor.Item> rems = r.array(44239);
    if (rems.size() != 4) {
      throw r.fail("expected 4 extensible measurements, got " + rems.size());
    }
    List<byte[]> remBytes = new ArrayList<>(4);
    for (Cbor.Item rem : rems) {
      remBytes.add(r.sized(rem, 44239, MEASUREMENT_SIZES));
    }
    byte[] rakClaim = r.bytes(44237);
    ECPublicKey rak = profile.isPresent()
        ? EcKeys.fromCoseKey(Cbor.decode(rakClaim, CcaError.INVALID_RAK))
        : EcKeys.fromRawPoint(rakClaim);
    return new RealmClaims(profile, r.bytes(10, 64), r.bytes(44235, 64),
        r.bytes(44238, MEASUREMENT_SIZES), remBytes, r.text(44236), rakClaim,
        HashAlg.of(r.text(44240)), rak);
  }

  @Override
  public String toString() {
    return "RealmClaims[profile=" + profile.orElse("legacy") + ", hash=" + hashAlgoId + "]";
  }
}
