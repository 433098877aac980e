package dev.claviger.evidence.cca;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Runs the fuzz target briefly over the corpus seeds with random mutations (no Jazzer needed). */
class CcaFuzzTargetTest {
  @Test
  void fuzzTarget_mutatedCorpusSeeds_onlyTypedErrors() throws Exception {
    Random r = new Random(907);
    CcaTrustAnchors corpusCpak = CcaCorpus.anchors();
    for (String seed : List.of(CcaCorpus.TAG_399, CcaCorpus.CMW_907)) {
      byte[] base = CcaCorpus.bytes(seed);
      for (int i = 0; i < 800; i++) {
        byte[] b = base.clone();
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        if (r.nextInt(8) == 0) {
          b = Arrays.copyOf(b, r.nextInt(b.length));
        }
        CcaFuzzTarget.fuzzerTestOneInput(b);
        CcaFuzzTarget.fuzzerTestOneInput(b, corpusCpak);
      }
    }
  }

  @Test
  void fuzzTarget_randomBytes_onlyTypedErrors() {
    Random r = new Random(399);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(256)];
      r.nextBytes(b);
      if (b.length > 0 && r.nextBoolean()) {
        b[0] = (byte) 0xd9;
      }
      CcaFuzzTarget.fuzzerTestOneInput(b);
    }
  }
}
