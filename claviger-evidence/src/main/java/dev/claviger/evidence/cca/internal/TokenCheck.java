package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import dev.claviger.evidence.cca.CcaToken;
import dev.claviger.evidence.cca.CcaTrustAnchors;
import java.security.MessageDigest;

/**
 * The cryptographic checks of a CCA token, in dependency order: the realm token is signed by the
 * RAK it carries (self-signed, so alone it proves nothing); the platform token is signed by a
 * trusted CPAK; and the platform challenge is the hash of the RAK claim, which makes the platform
 * vouch for that RAK and hence for the realm claims.
 */
public final class TokenCheck {
  private TokenCheck() {}

  /** Both tokens' claims, after every check passed. */
  public record Checked(PlatformClaims platform, RealmClaims realm) {}

  public static Checked run(CcaToken token, CcaTrustAnchors anchors) throws CcaRejectedException {
    CoseSign1 realmCose = CoseSign1.parse(token.realmToken());
    RealmClaims realm = RealmClaims.parse(realmCose.payload());
    if (!realmCose.verifiedBy(realm.rak())) {
      throw new CcaRejectedException(CcaError.REALM_SIGNATURE_INVALID,
          "realm token signature does not verify with its RAK (" + realmCose.alg() + ")");
    }
    CoseSign1 platformCose = CoseSign1.parse(token.platformToken());
    PlatformClaims platform = PlatformClaims.parse(platformCose.payload());
    if (!signedByTrustedCpak(platformCose, platform, anchors)) {
      throw new CcaRejectedException(CcaError.UNTRUSTED_PLATFORM_KEY,
          "no trusted CPAK for this platform verifies the platform token");
    }
    byte[] rakHash = realm.publicKeyHashAlg().digest(realm.publicKeyClaim());
    if (!MessageDigest.isEqual(rakHash, platform.challenge())) {
      throw new CcaRejectedException(CcaError.RAK_BINDING_MISMATCH,
          "platform challenge is not " + realm.publicKeyHashAlg().id() + "(RAK)");
    }
    return new Checked(platform, realm);
  }

  private static boolean signedByTrustedCpak(CoseSign1 cose, PlatformClaims p,
      CcaTrustAnchors anchors) throws CcaRejectedException {
    for (CcaTrustAnchors.Entry e : anchors.entries()) {
      if (e.covers(p.implementationId(), p.instanceId()) && cose.verifiedBy(e.cpak())) {
        return true;
      }
    }
    return false;
  }
}
