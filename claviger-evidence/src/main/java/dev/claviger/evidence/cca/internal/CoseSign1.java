package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.List;

/**
 * A COSE_Sign1 message (RFC 9052 §4.2) with an attached payload, and its verification. The
 * signature covers {@code Sig_structure = ["Signature1", protected, h'', payload]} where
 * {@code protected} is the header bstr exactly as received, so the header is never re-encoded.
 *
 * @param protectedHeader the serialized protected header bucket, as received
 * @param alg the COSE algorithm from the protected header
 * @param payload the payload bytes (the claims map, CBOR-encoded)
 * @param signature the raw r||s signature
 */
public record CoseSign1(byte[] protectedHeader, CoseAlg alg, byte[] payload, byte[] signature) {
  /** CBOR tag of a tagged COSE_Sign1. */
  static final long TAG = 18;
  private static final long HEADER_ALG = 1;
  private static final long HEADER_CRIT = 2;

  /** Parses a (tagged or untagged) COSE_Sign1 from its encoding. */
  public static CoseSign1 parse(byte[] encoded) throws CcaRejectedException {
    Cbor.Item item = Cbor.decode(encoded, CcaError.MALFORMED_COSE);
    if (item instanceof Cbor.Tagged t) {
      if (t.tag() != TAG) {
        throw fail("tag " + t.tag() + " where COSE_Sign1 (18) was expected");
      }
      item = t.item();
    }
    if (!(item instanceof Cbor.Arr arr) || arr.items().size() != 4) {
      throw fail("COSE_Sign1 is not an array of four items");
    }
    List<Cbor.Item> parts = arr.items();
    byte[] prot = bytes(parts.get(0), "protected header");
    if (!(parts.get(1) instanceof Cbor.MapItem)) {
      throw fail("unprotected header is not a map");
    }
    if (!(parts.get(2) instanceof Cbor.Bytes)) {
      throw fail("payload is not a byte string (detached payloads are not supported)");
    }
    byte[] payload = bytes(parts.get(2), "payload");
    byte[] sig = bytes(parts.get(3), "signature");
    return new CoseSign1(prot, algOf(prot), payload, sig);
  }

  // The algorithm must be integrity-protected, and a crit header names extensions we would ignore.
  private static CoseAlg algOf(byte[] prot) throws CcaRejectedException {
    if (prot.length == 0) {
      throw fail("empty protected header: the algorithm is not protected");
    }
    if (!(Cbor.decode(prot, CcaError.MALFORMED_COSE) instanceof Cbor.MapItem header)) {
      throw fail("protected header is not a map");
    }
    if (header.get(HEADER_CRIT).isPresent()) {
      throw fail("protected header lists critical extensions");
    }
    Cbor.Item alg = header.get(HEADER_ALG)
        .orElseThrow(() -> fail("protected header has no alg"));
    if (!(alg instanceof Cbor.Int id)) {
      throw new CcaRejectedException(CcaError.UNSUPPORTED_ALGORITHM, "alg is not an integer");
    }
    return CoseAlg.of(id.value());
  }

  /** The to-be-signed bytes: the CBOR encoding of the Sig_structure. */
  public byte[] toBeSigned() {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(payload.length + protectedHeader.length + 32);
    out.write(0x84);
    byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
    head(out, 3, context.length);
    out.writeBytes(context);
    head(out, 2, protectedHeader.length);
    out.writeBytes(protectedHeader);
    head(out, 2, 0);
    head(out, 2, payload.length);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** Whether {@code key} verifies this message; false also for a key of the wrong curve. */
  public boolean verifiedBy(PublicKey key) throws CcaRejectedException {
    if (!(key instanceof ECPublicKey ec) || !alg.fits(ec)) {
      return false;
    }
    if (signature.length != 2 * alg.coordinateBytes()) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(alg.jcaName());
      s.initVerify(key);
      s.update(toBeSigned());
      return s.verify(signature);
    } catch (java.security.SignatureException | java.security.InvalidKeyException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA unavailable", e);
    }
  }

  private static void head(ByteArrayOutputStream out, int major, int len) {
    int m = major << 5;
    if (len < 24) {
      out.write(m | len);
    } else if (len < 0x100) {
      out.write(m | 24);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(m | 25);
      out.write(len >>> 8);
      out.write(len);
    } else {
      out.write(m | 26);
      out.write(len >>> 24);
      out.write(len >>> 16);
      out.write(len >>> 8);
      out.write(len);
    }
  }

  private static byte[] bytes(Cbor.Item item, String what) throws CcaRejectedException {
    if (item instanceof Cbor.Bytes b) {
      return b.value();
    }
    throw fail(what + " is not a byte string");
  }

  private static CcaRejectedException fail(String why) {
    return new CcaRejectedException(CcaError.MALFORMED_COSE, why);
  }

  @Override
  public String toString() {
    return "CoseSign1[alg=" + alg + ", payload=" + payload.length + " bytes]";
  }
}
