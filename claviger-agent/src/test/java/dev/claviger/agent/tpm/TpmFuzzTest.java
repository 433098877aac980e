package dev.claviger.agent.tpm;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.claviger.agent.tpm.internal.AttestInfo;
import dev.claviger.agent.tpm.internal.PublicAreas;

/**
 * Jazzer targets for everything that parses TPM output: whatever a (broken or hostile) TPM
 * answers, the only permitted failure is a {@link TpmException}; any other exception escapes to
 * Jazzer as a finding. Plain {@code mvn test} runs each target on its seeds only; JAZZER_FUZZ=1
 * fuzzes for maxDuration.
 */
class TpmFuzzTest {

  /** Each command's response parser, fed one fuzzed response after a fuzzed number of good ones. */
  @FuzzTest(maxDuration = "30s")
  void responses_anyBytes_onlyTpmException(FuzzedDataProvider data) {
    int command = data.consumeInt(0, 7);
    ScriptedTransport t = new ScriptedTransport();
    for (int i = 0; i < 4; i++) {
      t.then(data.consumeBytes(data.consumeInt(0, 600)));
    }
    try (Tpm tpm = new Tpm(t)) {
      switch (command) {
        case 0 -> tpm.startup();
        case 1 -> tpm.getRandom(16);
        case 2 -> tpm.readPublic(0x81010002);
        case 3 -> tpm.pcrRead();
        case 4 -> tpm.quote(0x81010002, new byte[32]);
        case 5 -> tpm.createPrimary(Tpm.Hierarchy.OWNER);
        case 6 -> tpm.createAttestationKey(0x80000000);
        default -> tpm.pcrExtend(8, new byte[32]);
      }
    } catch (TpmException expected) {
      // the only permitted failure
    } catch (AssertionError scriptExhausted) {
      // the parser asked for another command (a retry or the next PCR_Read): not a finding
    }
  }

  @FuzzTest(maxDuration = "30s")
  void structures_anyBytes_onlyTpmException(FuzzedDataProvider data) {
    boolean attest = data.consumeBoolean();
    byte[] bytes = data.consumeRemainingAsBytes();
    try {
      if (attest) {
        AttestInfo.parseQuote(bytes);
      } else {
        PublicAreas.parse(bytes);
      }
    } catch (TpmException expected) {
      // the only permitted failure
    }
  }
}
