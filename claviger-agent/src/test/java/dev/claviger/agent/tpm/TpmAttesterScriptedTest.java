package dev.claviger.agent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.tpm.internal.PcrSelections;
import dev.claviger.agent.tpm.internal.PublicAreas;
import dev.claviger.agent.tpm.internal.TpmWriter;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The attester's own checks on what the TPM returns, with a scripted TPM: the race between quote
 * and PCR read is retried, and a quote for another nonce or PCR selection is refused.
 */
class TpmAttesterScriptedTest {
  private static final int AK = 0x81010002;
  private static final TpmTcti TCTI = new TpmTcti.Device(java.nio.file.Path.of("/dev/tpmrm0"));

  private static TpmAttester attester(ScriptedTransport t) {
    return TpmAttester.withOpener(TCTI, AK, tcti -> new Tpm(t));
  }

  /** A ReadPublic answer for an RSA-2048 AK with the template's attributes. */
  private static byte[] readPublicResponse() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    byte[] modulus = ((RSAPublicKey) g.generateKeyPair().getPublic()).getModulus().toByteArray();
    modulus = Arrays.copyOfRange(modulus, modulus.length - 256, modulus.length);
    byte[] t = PublicAreas.attestationKeyTemplate();
    byte[] area = new TpmWriter().bytes(Arrays.copyOf(t, t.length - 2)).tpm2b(modulus)
        .toByteArray();
    byte[] name = PublicAreas.parse(area).name();
    return ScriptedTransport.ok(new TpmWriter().tpm2b(area).tpm2b(name).tpm2b(name)
        .toByteArray());
  }

  private static byte[] quoteResponse(byte[] nonce, byte[] selection, byte[] pcrDigest) {
    byte[] attest = new TpmWriter().u32(0xFF544347).u16(0x8018).tpm2b(new byte[34]).tpm2b(nonce)
        .bytes(new byte[17]).bytes(new byte[8]).bytes(selection).tpm2b(pcrDigest).toByteArray();
    byte[] params = new TpmWriter().tpm2b(attest).u16(0x0014).u16(0x000b).tpm2b(new byte[256])
        .toByteArray();
    return ScriptedTransport.okSession(new int[0], params);
  }

  private static byte[] digestOf(int shift) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 24; i++) {
      sha.update(TpmClientTest.pcrValue(i + shift));
    }
    return sha.digest();
  }

  private static ScriptedTransport pcrs(ScriptedTransport t, int shift) {
    for (int from = 0; from < 24; from += 8) {
      TpmWriter w = new TpmWriter().u32(1).bytes(TpmClientTest.selection(from, from + 8)).u32(8);
      for (int i = from; i < from + 8; i++) {
        w.tpm2b(TpmClientTest.pcrValue(i + shift));
      }
      t.then(ScriptedTransport.ok(w.toByteArray()));
    }
    return t;
  }

  @Test
  void evidence_pcrExtendedBetweenQuoteAndRead_retriesAndSendsConsistentPair() throws Exception {
    byte[] nonce = Arrays.copyOf(new byte[] {9, 9}, 32);
    byte[] all = PcrSelections.sha256(PcrSelections.all());
    ScriptedTransport t = new ScriptedTransport().then(readPublicResponse())
        .then(quoteResponse(nonce, all, digestOf(0)));
    pcrs(t, 1);   // extended after the first quote: values no longer match its digest
    t.then(quoteResponse(nonce, all, digestOf(1)));
    pcrs(t, 1);

    JsonNode ev = attester(t).evidence(new byte[] {9, 9});

    assertThat(ev.get("tpm_quote").get("pcrs").get(0).asText())
        .isEqualTo(HexFormat.of().formatHex(TpmClientTest.pcrValue(1)));
    byte[] msg = Base64.getDecoder().decode(ev.get("tpm_quote").get("message").asText());
    assertThat(HexFormat.of().formatHex(msg)).endsWith(HexFormat.of().formatHex(digestOf(1)));
    assertThat(t.commands).hasSize(1 + 2 * 4);
    assertThat(t.closed).isTrue();
  }

  @Test
  void evidence_pcrsKeepChanging_refusedAfterThreeAttempts() throws Exception {
    byte[] nonce = new byte[32];
    byte[] all = PcrSelections.sha256(PcrSelections.all());
    ScriptedTransport t = new ScriptedTransport().then(readPublicResponse());
    for (int i = 0; i < 3; i++) {
      t.then(quoteResponse(nonce, all, digestOf(i)));
      pcrs(t, i + 1);
    }

    assertThatThrownBy(() -> attester(t).evidence(new byte[0]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("PCRs changed");
  }

  @Test
  void evidence_quoteForAnotherNonce_refused() throws Exception {
    byte[] all = PcrSelections.sha256(PcrSelections.all());
    ScriptedTransport t = new ScriptedTransport().then(readPublicResponse())
        .then(quoteResponse(new byte[32], all, digestOf(0)));
    pcrs(t, 0);

    assertThatThrownBy(() -> attester(t).evidence(new byte[] {1}))
        .isInstanceOf(AttesterException.class).hasMessageContaining("requested nonce");
  }

  @Test
  void evidence_quoteOverOtherPcrs_refused() throws Exception {
    java.util.BitSet some = new java.util.BitSet();
    some.set(0, 8);
    ScriptedTransport t = new ScriptedTransport().then(readPublicResponse())
        .then(quoteResponse(new byte[32], PcrSelections.sha256(some), digestOf(0)));
    pcrs(t, 0);

    assertThatThrownBy(() -> attester(t).evidence(new byte[0]))
        .isInstanceOf(AttesterException.class).hasMessageContaining("PCRs 0-23");
  }

  @Test
  void evidence_tpmFailure_attesterExceptionNamesTpmAndCode() {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.error(0x101));

    assertThatThrownBy(() -> attester(t).evidence(new byte[0]))
        .isInstanceOf(AttesterException.class)
        .hasMessageContaining("device:/dev/tpmrm0")
        .hasMessageContaining("TPM_RC_FAILURE")
        .hasCauseInstanceOf(TpmException.class);
  }
}
