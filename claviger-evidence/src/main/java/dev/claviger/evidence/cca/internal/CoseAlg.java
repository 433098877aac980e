package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.security.interfaces.ECPublicKey;

/**
 * The COSE ECDSA algorithms CCA tokens use (RFC 9053 §2.1). Each is tied to its curve, as RFC 9053
 * recommends, so a P-256 key cannot stand in for an ES384 signer.
 */
public enum CoseAlg {
  ES256(-7, "SHA256withECDSAinP1363Format", 32, 256),
  ES384(-35, "SHA384withECDSAinP1363Format", 48, 384),
  ES512(-36, "SHA512withECDSAinP1363Format", 66, 521);

  private final long id;
  private final String jcaName;
  private final int coordinateBytes;
  private final int fieldBits;

  CoseAlg(long id, String jcaName, int coordinateBytes, int fieldBits) {
    this.id = id;
    this.jcaName = jcaName;
    this.coordinateBytes = coordinateBytes;
    this.fieldBits = fieldBits;
  }

  static CoseAlg of(long id) throws CcaRejectedException {
    for (CoseAlg a : values()) {
      if (a.id == id) {
        return a;
      }
    }
    throw new CcaRejectedException(CcaError.UNSUPPORTED_ALGORITHM, "COSE algorithm " + id);
  }

  String jcaName() {
    return jcaName;
  }

  int coordinateBytes() {
    return coordinateBytes;
  }

  boolean fits(ECPublicKey key) {
    return key.getParams().getCurve().getField().getFieldSize() == fieldBits;
  }
}
