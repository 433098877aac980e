package dev.claviger.evidence.cca.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.cca.CcaError;
import dev.claviger.evidence.cca.CcaRejectedException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounded CBOR decoder: what it accepts and every class of input it must refuse. */
class CborTest {
  private static Cbor.Item decode(String hex) throws CcaRejectedException {
    return Cbor.decode(HexFormat.of().parseHex(hex), CcaError.MALFORMED_TOKEN);
  }

  @Test
  void decode_wellFormedItems_giveTheirValues() throws Exception {
    assertThat(decode("1903e8")).isEqualTo(new Cbor.Int(1000));
    assertThat(decode("3903e7")).isEqualTo(new Cbor.Int(-1000));
    assertThat(decode("3b7fffffffffffffff")).isEqualTo(new Cbor.Int(Long.MIN_VALUE));
    assertThat(decode("6449455446")).isEqualTo(new Cbor.Text("IETF"));
    assertThat(((Cbor.Bytes) decode("4401020304")).value()).containsExactly(1, 2, 3, 4);
    assertThat(decode("d9018f80"))
        .isEqualTo(new Cbor.Tagged(399, new Cbor.Arr(java.util.List.of())));
    Cbor.MapItem m = (Cbor.MapItem) decode("a2016161636b657901");
    assertThat(m.get(1L)).contains(new Cbor.Text("a"));
    assertThat(m.get("key")).contains(new Cbor.Int(1));
    assertThat(decode("f5")).isEqualTo(new Cbor.Simple(21));
    assertThat(decode("fb3ff0000000000000")).isInstanceOf(Cbor.Simple.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", // empty
      "19", "1a0001", "44010203", "63616263ff", "82010203", // truncated / trailing bytes
      "5f4101ff", "9f01ff", "bf0101ff", "7f6161ff", "ff", // indefinite lengths and bare break
      "1c", "5c", "fc", // reserved additional information
      "1bffffffffffffffff", "3bffffffffffffffff", // integers outside signed 64 bits
      "5bffffffffffffffff", "5b0000000100000000", "9bffffffffffffffff", "bbffffffffffffffff",
      "9a7fffffff", "ba7fffffff", // counts beyond the input
      "a201010102", // duplicate key
      "a1410101", "a1f401", "a18001", // byte-string, simple and array keys
      "62c328", "63eda080", // invalid UTF-8 (incl. a surrogate)
  })
  void decode_malformed_rejectedWithTheGivenCode(String hex) {
    assertThatThrownBy(() -> decode(hex)).isInstanceOfSatisfying(CcaRejectedException.class,
        e -> assertThat(e.error()).isEqualTo(CcaError.MALFORMED_TOKEN));
  }

  @Test
  void decode_nestingBeyondLimit_rejected() throws Exception {
    String ok = "81".repeat(Cbor.MAX_DEPTH) + "01";
    assertThat(decode(ok)).isInstanceOf(Cbor.Arr.class);
    assertThatThrownBy(() -> decode("81".repeat(Cbor.MAX_DEPTH + 1) + "01"))
        .isInstanceOf(CcaRejectedException.class).hasMessageContaining("nesting");
    assertThatThrownBy(() -> decode("d812".repeat(200) + "01"))
        .isInstanceOf(CcaRejectedException.class).hasMessageContaining("nesting");
  }
}
