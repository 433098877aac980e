package dev.claviger.image.sign.internal;

import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/** Reads OpenPGP key rings (binary or armored) with a cap on how many. */
public final class PgpKeys {
  /** More keys than this in one file is not a keyring we were meant to read. */
  static final int MAX_RINGS = 256;

  private PgpKeys() {}

  public static List<PGPPublicKeyRing> readPublicRings(byte[] data) throws SignatureException {
    List<PGPPublicKeyRing> out = new ArrayList<>();
    for (Object o : objects(data, "public keyring")) {
      if (o instanceof PGPPublicKeyRing r) {
        out.add(r);
      } else if (o instanceof PGPSecretKeyRing) {
        throw config("expected public keys, found a secret key (export it with gpg --export)");
      } else {
        throw config("unexpected OpenPGP packet in public keyring: " + o.getClass().getSimpleName());
      }
    }
    return out;
  }

  public static List<PGPSecretKeyRing> readSecretRings(byte[] data) throws SignatureException {
    List<PGPSecretKeyRing> out = new ArrayList<>();
    for (Object o : objects(data, "secret keyring")) {
      if (o instanceof PGPSecretKeyRing r) {
        out.add(r);
      } else if (!(o instanceof PGPPublicKeyRing)) {
        throw config("unexpected OpenPGP packet in secret keyring: " + o.getClass().getSimpleName());
      }
    }
    return out;
  }

  private static List<Object> objects(byte[] data, String what) throws SignatureException {
    List<Object> out = new ArrayList<>();
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(data))) {
      BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
      Object o;
      while ((o = factory.nextObject()) != null) {
        if (o instanceof PGPMarker) {
          continue;
        }
        if (out.size() == MAX_RINGS) {
          throw config(what + " holds more than " + MAX_RINGS + " keys");
        }
        out.add(o);
      }
    } catch (IOException | RuntimeException e) {
      // BC signals malformed packets with IOException and, for some encodings, runtime exceptions.
      throw new SignatureException(Kind.CONFIGURATION, "unreadable " + what + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static SignatureException config(String message) {
    return new SignatureException(Kind.CONFIGURATION, message);
  }
}
