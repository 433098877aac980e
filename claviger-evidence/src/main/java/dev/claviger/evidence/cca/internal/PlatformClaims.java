package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The platform token's claims (Arm CCA Security Model "CCA platform attestation token"; labels as
 * in veraison/ccatoken).
 *
 * @param profile 265
 * @param challenge 10: the hash of the realm's RAK claim
 * @param implementationId 2396, 32 bytes
 * @param instanceId 256, 33 bytes starting with 0x01 (UEID type RAND)
 * @param config 2401
 * @param lifecycle 2395
 * @param swComponents 2399
 * @param verificationService 2400
 * @param hashAlgoId 2402
 */
public record PlatformClaims(String profile, byte[] challenge, byte[] implementationId,
    byte[] instanceId, byte[] config, long lifecycle, List<SwComponent> swComponents,
    Optional<String> verificationService, String hashAlgoId) {

  static final Set<String> PROFILES =
      Set.of("http://arm.com/CCA-SSD/1.0.0", "tag:arm.com,2023:cca_platform#1.0.0");
  private static final int[] HASH_SIZES = {32, 48, 64};
  /** Software components a token may list; bounds the claims built from one token. */
  static final int MAX_SW_COMPONENTS = 64;

  /** One measured platform software component. */
  public record SwComponent(Optional<String> type, byte[] measurement, Optional<String> version,
      byte[] signerId, Optional<String> description) {}

  public PlatformClaims {
    swComponents = List.copyOf(swComponents);
  }

  /** Parses and validates the claims in a platform token payload. */
  public static PlatformClaims parse(byte[] payload) throws CcaRejectedException {
    ClaimReader r = ClaimReader.ofPayload(payload, "platform token");
    String profile = r.text(265);
    if (!PROFILES.contains(profile)) {
      throw r.fail("unknown platform profile " + profile);
    }
    byte[] instanceId = r.bytes(256, 33);
    if (instanceId[0] != 0x01) {
      throw r.fail("instance id is not a random UEID (first byte 0x01)");
    }
    long lifecycle = r.uint(2395);
    if (!knownLifecycle(lifecycle)) {
      throw r.fail("lifecycle 0x" + Long.toHexString(lifecycle) + " is no defined state");
    }
    return new PlatformClaims(profile, r.bytes(10, HASH_SIZES), r.bytes(2396, 32), instanceId,
        r.bytes(2401), lifecycle, components(r), r.optionalText(2400), r.text(2402));
  }

  // Defined states are 0xN000..0xN0ff for N = 0 (unknown) .. 6 (decommissioned); the low byte is
  // implementation-defined. Whether a state is acceptable (e.g. debug) is the policy's decision.
  static boolean knownLifecycle(long v) {
    return v >= 0 && v <= 0x60ff && (v & 0x0f00) == 0;
  }

  private static List<SwComponent> components(ClaimReader r) throws CcaRejectedException {
    List<Cbor.Item> items = r.array(2399);
    if (items.isEmpty() || items.size() > MAX_SW_COMPONENTS) {
      throw r.fail("expected 1.." + MAX_SW_COMPONENTS + " software components, got "
          + items.size());
    }
    List<SwComponent> out = new ArrayList<>(items.size());
    for (Cbor.Item item : items) {
      ClaimReader c = new ClaimReader(item, "platform software component");
      out.add(new SwComponent(c.optionalText(1), c.bytes(2, HASH_SIZES), c.optionalText(4),
          c.bytes(5, HASH_SIZES), c.optionalText(6)));
    }
    return out;
  }

  @Override
  public String toString() {
    return "PlatformClaims[profile=" + profile + ", lifecycle=" + lifecycle + ", components="
        + swComponents.size() + "]";
  }
}
