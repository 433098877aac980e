package dev.claviger.evidence.snp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Json;
import dev.claviger.evidence.snp.internal.EvidenceJsonWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of binary, text and JSON evidence: the parsers either accept or throw
 * {@link SnpRejectedException}, never anything else. (A Jazzer target can reuse these entry points.)
 */
class SnpParserRobustnessTest {
  private static final long SEED = 0x5EB5EB5L;

  @Test
  void decode_randomMutations_onlyTypedRejections() throws Exception {
    Random rnd = new Random(SEED);
    byte[] report = SnpCorpus.report(SnpCorpus.SAMPLES.get(2));
    byte[] json = Json.writeBytes(EvidenceJsonWriter.write(SnpReport.parse(report),
        SnpCorpus.evidence(SnpCorpus.SAMPLES.get(2)).certChain()));
    List<String> escaped = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      byte[] base = i % 2 == 0 ? report : json;
      byte[] m = mutate(rnd, base);
      try {
        SnpEvidence.decode(m);
      } catch (SnpRejectedException expected) {
        // typed rejection
      } catch (RuntimeException e) {
        escaped.add(i + ": " + e);
      }
    }
    assertThat(escaped).isEmpty();
  }

  @Test
  void fromJson_randomFieldReplacement_onlyTypedRejections() throws Exception {
    Random rnd = new Random(SEED + 1);
    ObjectNode good = EvidenceJsonWriter.write(SnpReport.parse(SnpCorpus.report(SnpCorpus.SAMPLES.get(3))),
        SnpCorpus.evidence(SnpCorpus.SAMPLES.get(3)).certChain());
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = good.get("attestation_report").fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    Object[] replacements = {null, -1, 256, 1L << 40, "x", 1.5, true, new int[0], new int[100]};
    List<String> escaped = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ObjectNode j = good.deepCopy();
      ObjectNode r = (ObjectNode) j.get("attestation_report");
      String field = names.get(rnd.nextInt(names.size()));
      Object v = replacements[rnd.nextInt(replacements.length)];
      if (v == null) {
        r.putNull(field);
      } else if (v instanceof Integer n) {
        r.put(field, n);
      } else if (v instanceof Long n) {
        r.put(field, n);
      } else if (v instanceof String s) {
        r.put(field, s);
      } else if (v instanceof Double d) {
        r.put(field, d);
      } else if (v instanceof Boolean b) {
        r.put(field, b);
      } else {
        ArrayNode a = r.putArray(field);
        for (int k = 0; k < ((int[]) v).length; k++) {
          a.add(rnd.nextInt(300) - 20);
        }
      }
      try {
        SnpEvidence.fromJson(j);
      } catch (SnpRejectedException expected) {
        // typed rejection
      } catch (RuntimeException e) {
        escaped.add(field + "=" + v + ": " + e);
      }
    }
    assertThat(escaped).isEmpty();
  }

  private static byte[] mutate(Random rnd, byte[] base) {
    byte[] m = switch (rnd.nextInt(4)) {
      case 0 -> Arrays.copyOf(base, rnd.nextInt(base.length + 16));
      case 1 -> {
        byte[] c = base.clone();
        for (int k = rnd.nextInt(8) + 1; k > 0; k--) {
          c[rnd.nextInt(c.length)] = (byte) rnd.nextInt(256);
        }
        yield c;
      }
      case 2 -> {
        byte[] c = new byte[rnd.nextInt(2048)];
        rnd.nextBytes(c);
        yield c;
      }
      default -> Arrays.copyOfRange(base, rnd.nextInt(base.length / 2), base.length);
    };
    return m;
  }
}
