package dev.claviger.agent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.tpm.Swtpm;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The command client against a real swtpm, cross-checked with tpm2-tools. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwtpmClientTest {
  private Swtpm swtpm;
  private TpmTcti tcti;

  @BeforeAll
  void start() throws Exception {
    swtpm = Swtpm.start();
    tcti = TpmTcti.parse(swtpm.tcti());
  }

  @AfterAll
  void stop() throws Exception {
    if (swtpm != null) {
      swtpm.close();
    }
  }

  @Test
  void startup_simulatorStartedWithStartupClear_reportsAlreadyStarted() throws Exception {
    try (Tpm tpm = Tpm.open(tcti)) {
      assertThat(tpm.startup()).isFalse();
    }
  }

  @Test
  void getRandom_48Bytes_returnsDistinctValues() throws Exception {
    try (Tpm tpm = Tpm.open(tcti)) {
      byte[] a = tpm.getRandom(48);
      byte[] b = tpm.getRandom(48);

      assertThat(a).hasSize(48);
      assertThat(a).isNotEqualTo(b);
    }
  }

  @Test
  void pcrRead_all24_matchTpm2PcrRead() throws Exception {
    List<byte[]> pcrs;
    try (Tpm tpm = Tpm.open(tcti)) {
      tpm.pcrExtend(16, MessageDigest.getInstance("SHA-256").digest(new byte[] {1}));
      pcrs = tpm.pcrRead();
    }
    // swtpm serves one connection at a time: the client must be closed before tpm2-tools runs.
    String tools = swtpm.tpm("tpm2_pcrread", "sha256:16");

    assertThat(pcrs).hasSize(24);
    assertThat(tools.toLowerCase()).contains("0x" + HexFormat.of().formatHex(pcrs.get(16)));
  }

  @Test
  void pcrExtend_pcr23_becomesHashOfOldValueAndDigest() throws Exception {
    try (Tpm tpm = Tpm.open(tcti)) {
      byte[] before = tpm.pcrRead().get(23);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest("event".getBytes());

      tpm.pcrExtend(23, digest);

      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(before);
      sha.update(digest);
      assertThat(tpm.pcrRead().get(23)).isEqualTo(sha.digest());
    }
  }

  @Test
  void createLoadEvictQuote_fullAkLifecycle_leavesNoTransientObjects() throws Exception {
    int handle = 0x81010020;
    try (Tpm tpm = Tpm.open(tcti)) {
      int primary = tpm.createPrimary(Tpm.Hierarchy.ENDORSEMENT);
      CreatedKey ak = tpm.createAttestationKey(primary);
      int loaded = tpm.load(primary, ak);
      tpm.evictControl(loaded, handle);
      tpm.flushContext(loaded);
      tpm.flushContext(primary);

      TpmPublic pub = tpm.readPublic(handle);
      assertThat(pub.isAttestationKey()).isTrue();
      assertThat(pub.name()).isEqualTo(ak.publicArea().name());
      TpmQuote quote = tpm.quote(handle, new byte[] {1, 2, 3});
      assertThat(HexFormat.of().formatHex(quote.signature())).startsWith("0014000b0100");
      assertThat(HexFormat.of().formatHex(quote.attest())).startsWith("ff54434780180022000b");
    }
    swtpm.tpm("tpm2_readpublic", "-c", "0x81010020", "-f", "pem", "-o", "ak20.pem");
    assertThat(new String(swtpm.file("ak20.pem"))).contains("BEGIN PUBLIC KEY");
    String transients = swtpm.tpm("tpm2_getcap", "handles-transient");
    assertThat(transients.strip()).isEmpty();
  }

  @Test
  void evictControl_handleTaken_nvDefined() throws Exception {
    try (Tpm tpm = Tpm.open(tcti)) {
      int primary = tpm.createPrimary(Tpm.Hierarchy.OWNER);
      try {
        assertThatThrownBy(() -> tpm.evictControl(primary, 0x81010001))
            .isInstanceOfSatisfying(TpmException.class,
                e -> assertThat(e.codeName()).isEqualTo("TPM_RC_NV_DEFINED"));
      } finally {
        tpm.flushContext(primary);
      }
    }
  }
}
