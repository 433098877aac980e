package dev.claviger.evidence.dcap;

import dev.claviger.evidence.tdx.CcelFuzzTarget;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Runs the fuzz targets briefly over corpus seeds with random mutations (no Jazzer needed). */
class QuoteFuzzTargetTest {
  @Test
  void quoteFuzzTarget_mutatedSeeds_onlyTypedErrors() {
    Random r = new Random(1234);
    for (String seed : List.of("tdx/dcap-qvl/tdx_quote", "tdx/dcap-qvl/tdx_quote_outdated", "sgx/dcap-qvl/sgx_quote")) {
      byte[] base = DcapCorpus.quote(seed);
      QuoteFuzzTarget.fuzzerTestOneInput(base);
      for (int i = 0; i < 1000; i++) {
        byte[] b = base.clone();
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        if (r.nextInt(8) == 0) {
          b = Arrays.copyOf(b, r.nextInt(b.length));
        }
        QuoteFuzzTarget.fuzzerTestOneInput(b);
      }
    }
  }

  @Test
  void ccelFuzzTarget_mutatedSeed_onlyTypedErrors() {
    Random r = new Random(99);
    byte[] base = Arrays.copyOf(DcapCorpus.bytes("tdx/go-tdx-guest/ccel/ccel_data.dat"), 16384);
    for (int i = 0; i < 3000; i++) {
      byte[] b = base.clone();
      for (int k = 1 + r.nextInt(4); k > 0; k--) {
        b[r.nextInt(4096)] = (byte) r.nextInt(256);
      }
      CcelFuzzTarget.fuzzerTestOneInput(b);
    }
  }
}
