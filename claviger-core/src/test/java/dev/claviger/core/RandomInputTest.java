package dev.claviger.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random inputs: every parser either succeeds or throws MalformedInputException, never
 * an unchecked exception (which would surface as a 500).
 */
class RandomInputTest {
  private static final byte[] SEED_JSON =
      ("{\"tee\":\"snp\",\"evidence\":\"ZXZpZGVuY2U=\",\"n\":[1,2.5e3,-0,true,null],"
              + "\"nested\":{\"a\":{\"b\":[\"\\u20ac\\n\"]}}}")
          .getBytes(StandardCharsets.UTF_8);
  private static final String ALPHABET = "{}[]\":,0123456789.eE+-tfnulrsa\\/ \n\u20acAZaz=_";

  @Test
  void parseAndCanonicalize_mutatedJson_onlyMalformedInput() {
    Random r = new Random(8785);
    int parsed = 0;
    for (int i = 0; i < 10_000; i++) {
      byte[] in = SEED_JSON.clone();
      int edits = 1 + r.nextInt(3);
      for (int e = 0; e < edits; e++) {
        in[r.nextInt(in.length)] = (byte) ALPHABET.charAt(r.nextInt(ALPHABET.length()));
      }
      try {
        CanonicalJson.canonicalize(Json.parse(in));
        parsed++;
      } catch (MalformedInputException expected) {
        assertThat(expected.getMessage()).isNotBlank().doesNotContain("com.fasterxml");
      }
    }
    assertThat(parsed).as("some mutations stay valid JSON").isPositive();
  }

  @Test
  void decoders_randomStrings_onlyMalformedInput() {
    Random r = new Random(4648);
    String chars = "ABCDEFabcdef0123456789+/-_= \u00e9";
    for (int i = 0; i < 10_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(12);
      for (int j = 0; j < len; j++) {
        sb.append(chars.charAt(r.nextInt(chars.length())));
      }
      String s = sb.toString();
      tryDecode(() -> Base64s.decodeStd(s));
      tryDecode(() -> Base64s.decodeStdNoPad(s));
      tryDecode(() -> Base64s.decodeUrl(s));
      tryDecode(() -> Base64s.decodeUrlNoPad(s));
      tryDecode(() -> Base64s.decodeLenient(s));
      tryDecode(() -> Hex.decode(s));
    }
  }

  /** Whatever a strict decoder accepts must re-encode to exactly the input. */
  @Test
  void strictDecoders_acceptedInput_isCanonical() throws Exception {
    Random r = new Random(1);
    for (int i = 0; i < 2_000; i++) {
      byte[] b = new byte[r.nextInt(20)];
      r.nextBytes(b);
      assertThat(Base64s.encodeUrlNoPad(Base64s.decodeUrlNoPad(Base64s.encodeUrlNoPad(b))))
          .isEqualTo(Base64s.encodeUrlNoPad(b));
      assertThat(Base64s.decodeLenient(Base64s.encodeStd(b))).isEqualTo(b);
      assertThat(Base64s.decodeLenient(Base64s.encodeUrlNoPad(b))).isEqualTo(b);
      assertThat(Hex.decode(Hex.encode(b))).isEqualTo(b);
    }
  }

  private interface Decode {
    byte[] run() throws MalformedInputException;
  }

  private static void tryDecode(Decode d) {
    try {
      d.run();
    } catch (MalformedInputException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
