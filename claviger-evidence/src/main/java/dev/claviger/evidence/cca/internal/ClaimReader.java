package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.util.List;
import java.util.Optional;

/** Typed access to a claims map; every mismatch is {@link CcaError#MALFORMED_CLAIMS}. */
final class ClaimReader {
  private final Cbor.MapItem map;
  private final String token;

  ClaimReader(Cbor.Item item, String token) throws CcaRejectedException {
    if (!(item instanceof Cbor.MapItem m)) {
      throw new CcaRejectedException(CcaError.MALFORMED_CLAIMS, token + " claims are not a map");
    }
    this.map = m;
    this.token = token;
  }

  static ClaimReader ofPayload(byte[] payload, String token) throws CcaRejectedException {
    return new ClaimReader(Cbor.decode(payload, CcaError.MALFORMED_CLAIMS), token);
  }

  Cbor.Item required(long key) throws CcaRejectedException {
    return map.get(key).orElseThrow(() -> fail("claim " + key + " is missing"));
  }

  Optional<Cbor.Item> optional(long key) {
    return map.get(key);
  }

  byte[] bytes(long key, int... sizes) throws CcaRejectedException {
    return sized(required(key), key, sizes);
  }

  Optional<byte[]> optionalBytes(long key) throws CcaRejectedException {
    Optional<Cbor.Item> v = map.get(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(sized(v.get(), key));
  }

  String text(long key) throws CcaRejectedException {
    return text(required(key), key);
  }

  Optional<String> optionalText(long key) throws CcaRejectedException {
    Optional<Cbor.Item> v = map.get(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(text(v.get(), key));
  }

  long uint(long key) throws CcaRejectedException {
    if (required(key) instanceof Cbor.Int i && i.value() >= 0) {
      return i.value();
    }
    throw fail("claim " + key + " is not an unsigned integer");
  }

  List<Cbor.Item> array(long key) throws CcaRejectedException {
    if (required(key) instanceof Cbor.Arr a) {
      return a.items();
    }
    throw fail("claim " + key + " is not an array");
  }

  byte[] sized(Cbor.Item item, long key, int... sizes) throws CcaRejectedException {
    if (!(item instanceof Cbor.Bytes b)) {
      throw fail("claim " + key + " is not a byte string");
    }
    if (sizes.length == 0) {
      return b.value().clone();
    }
    for (int s : sizes) {
      if (b.value().length == s) {
        return b.value().clone();
      }
    }
    throw fail("claim " + key + " has " + b.value().length + " bytes, expected one of "
        + java.util.Arrays.toString(sizes));
  }

  private String text(Cbor.Item item, long key) throws CcaRejectedException {
    if (item instanceof Cbor.Text t) {
      return t.value();
    }
    throw fail("claim " + key + " is not a text string");
  }

  CcaRejectedException fail(String why) {
    return new CcaRejectedException(CcaError.MALFORMED_CLAIMS, token + ": " + why);
  }
}
