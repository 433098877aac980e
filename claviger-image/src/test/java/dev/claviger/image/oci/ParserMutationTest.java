package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.testing.TestImages;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated manifests, configs and references: each parser either succeeds or throws
 * MalformedInputException, never an unchecked exception. Whatever parses must round-trip.
 */
class ParserMutationTest {
  private static final String ALPHABET = "{}[]\":,0123456789.eE+-tfnulsa\\/ :@_abcdef";

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] in = seed.clone();
    int edits = 1 + r.nextInt(3);
    for (int e = 0; e < edits; e++) {
      in[r.nextInt(in.length)] = (byte) ALPHABET.charAt(r.nextInt(ALPHABET.length()));
    }
    return in;
  }

  @Test
  void manifestParse_mutated_onlyMalformedInput() {
    TestImages.Image img = TestImages.builder().file("/a", "a").layer().file("/b", "b")
        .annotation("k", "v").build();
    Random r = new Random(20261122);
    int parsed = 0;
    for (int i = 0; i < 5_000; i++) {
      byte[] in = mutate(img.manifest().bytes(), r);
      try {
        Manifest m = Manifest.parse(in, null);
        assertThat(m.bytes()).isEqualTo(in);
        if (m instanceof ImageManifest im) {
          assertThat(ImageManifest.parse(im.withLayers(im.layers()).bytes()).layers())
              .isEqualTo(im.layers());
        }
        parsed++;
      } catch (MalformedInputException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(parsed).isPositive();
  }

  @Test
  void configParse_mutated_onlyMalformedInput() {
    byte[] seed = TestImages.builder().file("/a", "a").cmd("/bin/sh", "-c", "x")
        .workingDir("/w").build().config().bytes();
    Random r = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      try {
        ImageConfig.parse(mutate(seed, r));
      } catch (MalformedInputException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void referenceParse_randomStrings_onlyMalformedInputAndStableCanonicalForm() {
    Random r = new Random(7);
    String chars = "abcAZ09.-_:/@[]sha256" + "0123456789abcdef".repeat(4);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = r.nextInt(40);
      for (int j = 0; j < len; j++) {
        sb.append(chars.charAt(r.nextInt(chars.length())));
      }
      try {
        ImageReference ref = ImageReference.parse(sb.toString());
        assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
      } catch (MalformedInputException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
