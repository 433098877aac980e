package dev.claviger.evidence.nvidia;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Runs the fuzz targets briefly over corpus seeds with random mutations (no Jazzer needed). */
class NvidiaFuzzTargetTest {
  @Test
  void spdmFuzzTarget_mutatedSeeds_onlyTypedErrors() throws Exception {
    Random r = new Random(4117);
    byte[] base = NvidiaCorpus.hopperReport();
    NvidiaFuzzTarget.fuzzerTestOneInput(base);
    for (int i = 0; i < 5000; i++) {
      byte[] b = base.clone();
      for (int k = 1 + r.nextInt(4); k > 0; k--) {
        // Bias towards the length fields and opaque data, where the structure lives.
        int at = r.nextBoolean() ? r.nextInt(b.length) : 37 + r.nextInt(8);
        if (r.nextInt(3) == 0) {
          at = b.length - 96 - 1 - r.nextInt(400);
        }
        b[at] = (byte) r.nextInt(256);
      }
      if (r.nextInt(8) == 0) {
        b = Arrays.copyOf(b, r.nextInt(b.length));
      }
      NvidiaFuzzTarget.fuzzerTestOneInput(b);
    }
  }

  @Test
  void rimFuzzTarget_mutatedSeed_onlyTypedErrors() throws Exception {
    Random r = new Random(20466);
    byte[] base = Files.readAllBytes(NvidiaCorpus.nvtrust().resolve("rims/Driver_RIM_test_no_gpu.swidtag"));
    NvidiaFuzzTarget.rimTestOneInput(base);
    for (int i = 0; i < 300; i++) {
      byte[] b = base.clone();
      for (int k = 1 + r.nextInt(3); k > 0; k--) {
        b[r.nextInt(b.length)] = (byte) (32 + r.nextInt(95));
      }
      NvidiaFuzzTarget.rimTestOneInput(b);
    }
  }
}
