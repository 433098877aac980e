package dev.claviger.evidence.cca.internal;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A bounded CBOR (RFC 8949) decoder for attestation tokens. Only definite lengths are accepted
 * (CCA tokens use them; indefinite items would let a token hide an unbounded structure), integers
 * must fit a signed 64-bit value, map keys must be integers or text and unique, nesting is limited,
 * and every declared length is checked against the bytes left before anything is read.
 */
public final class Cbor {
  /** Deeper than any CCA token (collection → COSE → claims → sw component → value). */
  static final int MAX_DEPTH = 16;

  /** A decoded data item. */
  public sealed interface Item permits Int, Bytes, Text, Arr, MapItem, Tagged, Simple {}

  /** An unsigned or negative integer. */
  public record Int(long value) implements Item {}

  /** A byte string (the array is not copied: internal use only). */
  public record Bytes(byte[] value) implements Item {}

  /** A UTF-8 text string. */
  public record Text(String value) implements Item {}

  /** An array. */
  public record Arr(List<Item> items) implements Item {}

  /** A map with integer or text keys, in encoded order. */
  public record MapItem(List<Object> keys, List<Item> values) implements Item {
    /** The value under an integer ({@link Long}) or text ({@link String}) key. */
    public Optional<Item> get(Object key) {
      int i = keys.indexOf(key);
      return i < 0 ? Optional.empty() : Optional.of(values.get(i));
    }
  }

  /** A tagged item. */
  public record Tagged(long tag, Item item) implements Item {}

  /** A simple value or float (major type 7), kept only as its raw additional information. */
  public record Simple(long value) implements Item {}

  private final byte[] in;
  private final CcaError error;
  private int pos;

  private Cbor(byte[] in, CcaError error) {
    this.in = in;
    this.error = error;
  }

  /**
   * Decodes exactly one item spanning all of {@code data}.
   *
   * @param error the code to reject with (so a bad payload reads as bad claims, not a bad token)
   */
  public static Item decode(byte[] data, CcaError error) throws CcaRejectedException {
    Cbor c = new Cbor(data, error);
    Item item = c.item(0);
    if (c.pos != data.length) {
      throw c.fail((data.length - c.pos) + " trailing bytes after the CBOR item");
    }
    return item;
  }

  private Item item(int depth) throws CcaRejectedException {
    if (depth > MAX_DEPTH) {
      throw fail("nesting deeper than " + MAX_DEPTH);
    }
    int initial = u8();
    int major = initial >>> 5;
    int ai = initial & 0x1f;
    if (major == 7) {
      return simple(ai);
    }
    long arg = argument(ai);
    return switch (major) {
      case 0 -> new Int(nonNegative(arg));
      case 1 -> new Int(-1 - nonNegative(arg));
      case 2 -> new Bytes(take(arg));
      case 3 -> new Text(utf8(take(arg)));
      case 4 -> array(arg, depth);
      case 5 -> map(arg, depth);
      default -> new Tagged(arg, item(depth + 1));
    };
  }

  private Item simple(int ai) throws CcaRejectedException {
    if (ai == 31 || (ai >= 28)) {
      throw fail("indefinite-length break or reserved simple value");
    }
    if (ai < 24) {
      return new Simple(ai);
    }
    int size = switch (ai) {
      case 24 -> 1;
      case 25 -> 2;
      case 26 -> 4;
      default -> 8;
    };
    return new Simple(readBe(size));
  }

  private Arr array(long count, int depth) throws CcaRejectedException {
    if (count < 0 || count > remaining()) {
      throw fail("array of " + count + " items exceeds the " + remaining() + " bytes left");
    }
    List<Item> items = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      items.add(item(depth + 1));
    }
    return new Arr(List.copyOf(items));
  }

  private MapItem map(long count, int depth) throws CcaRejectedException {
    if (count < 0 || count > remaining() / 2) {
      throw fail("map of " + count + " entries exceeds the " + remaining() + " bytes left");
    }
    List<Object> keys = new ArrayList<>((int) count);
    List<Item> values = new ArrayList<>((int) count);
    Set<Object> seen = new HashSet<>();
    for (long i = 0; i < count; i++) {
      Object key = switch (item(depth + 1)) {
        case Int k -> k.value();
        case Text k -> k.value();
        default -> throw fail("map key is neither an integer nor text");
      };
      if (!seen.add(key)) {
        throw fail("duplicate map key " + key);
      }
      keys.add(key);
      values.add(item(depth + 1));
    }
    return new MapItem(List.copyOf(keys), List.copyOf(values));
  }

  private long argument(int ai) throws CcaRejectedException {
    if (ai < 24) {
      return ai;
    }
    return switch (ai) {
      case 24 -> readBe(1);
      case 25 -> readBe(2);
      case 26 -> readBe(4);
      case 27 -> readBe(8);
      case 31 -> throw fail("indefinite-length items are not accepted");
      default -> throw fail("reserved additional information " + ai);
    };
  }

  private long nonNegative(long arg) throws CcaRejectedException {
    if (arg < 0) {
      throw fail("integer outside the signed 64-bit range");
    }
    return arg;
  }

  private long readBe(int size) throws CcaRejectedException {
    if (size > remaining()) {
      throw fail("truncated argument");
    }
    long v = 0;
    for (int i = 0; i < size; i++) {
      v = (v << 8) | (in[pos++] & 0xff);
    }
    return v;
  }

  private byte[] take(long len) throws CcaRejectedException {
    if (len < 0 || len > remaining()) {
      throw fail("string of " + Long.toUnsignedString(len) + " bytes exceeds the "
          + remaining() + " bytes left");
    }
    byte[] out = java.util.Arrays.copyOfRange(in, pos, pos + (int) len);
    pos += (int) len;
    return out;
  }

  private String utf8(byte[] b) throws CcaRejectedException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw fail("text string is not valid UTF-8");
    }
  }

  private int u8() throws CcaRejectedException {
    if (remaining() < 1) {
      throw fail("truncated CBOR");
    }
    return in[pos++] & 0xff;
  }

  private int remaining() {
    return in.length - pos;
  }

  private CcaRejectedException fail(String why) {
    return new CcaRejectedException(error, why + " (at byte " + pos + ")");
  }
}
