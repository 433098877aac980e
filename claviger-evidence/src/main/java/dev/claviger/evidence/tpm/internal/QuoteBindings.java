package dev.claviger.evidence.tpm.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierAccess;
import dev.claviger.evidence.eventlog.MeasuredBoot;
import dev.claviger.evidence.eventlog.TcgEventLog;
import dev.claviger.evidence.tpm.TpmError;
import dev.claviger.evidence.tpm.TpmHashAlg;
import dev.claviger.evidence.tpm.TpmRejectedException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** The checks after a quote verified: nonce, PCR 8 init data, event log; and the PCR claims. */
public final class QuoteBindings {
  /** Upstream extends the init-data digest into PCR 8 of the SHA-256 bank. */
  public static final int INIT_DATA_PCR = 8;

  private QuoteBindings() {}

  /** extraData must equal the TEE's fitted report data (32-byte fit for tpm, exact for Azure). */
  public static void nonce(Tee tee, TpmsAttest attest, ExpectedReportData expected,
      VerifierAccess.Builder result) throws TpmRejectedException {
    if (!expected.isProvided()) {
      return;
    }
    byte[] want = tee.reportDataRule().expectedField(expected.digest().orElseThrow());
    byte[] got = attest.extraData();
    if (!MessageDigest.isEqual(want, got)) {
      throw new TpmRejectedException(TpmError.NONCE_MISMATCH, "quote extraData "
          + HexFormat.of().formatHex(got) + " is not the expected report data");
    }
    result.boundReportData(got);
  }

  /** PCR 8 (SHA-256 bank) must be SHA-256(32 zero bytes || init-data digest). */
  public static void initData(Tee tee, QuotedPcrs pcrs, ExpectedInitData expected,
      VerifierAccess.Builder result) throws TpmRejectedException {
    if (!expected.isProvided()) {
      return;
    }
    byte[] digest = expected.digest().orElseThrow();
    Optional<byte[]> pcr8 = pcrs.value(TpmHashAlg.SHA256, INIT_DATA_PCR);
    if (pcr8.isEmpty()) {
      throw new TpmRejectedException(TpmError.INIT_DATA_MISMATCH,
          "init data sent but the quote does not cover SHA-256 PCR 8");
    }
    if (!MessageDigest.isEqual(tee.initDataRule().expectedField(digest), pcr8.get())) {
      throw new TpmRejectedException(TpmError.INIT_DATA_MISMATCH,
          "PCR 8 does not hold the expected init-data digest");
    }
    result.boundInitData(digest);
  }

  /** Appraises the event log when there is one; required when configured. */
  public static Optional<ObjectNode> eventLog(Optional<byte[]> log, QuotedPcrs pcrs,
      boolean required) throws TpmRejectedException {
    if (log.isEmpty()) {
      if (required) {
        throw new TpmRejectedException(TpmError.EVENT_LOG_MISMATCH,
            "an event log is required by configuration and none was sent");
      }
      return Optional.empty();
    }
    return Optional.of(MeasuredBoot.appraise(TcgEventLog.parse(log.get()), pcrs.banks()));
  }

  /** {@code pcr00..pcr23} (hex) from the SHA-256 bank, as upstream names them. */
  public static void pcrClaims(QuotedPcrs pcrs, ObjectNode into) {
    Map<Integer, byte[]> bank = pcrs.banks().get(TpmHashAlg.SHA256);
    if (bank != null) {
      bank.forEach((i, v) -> into.put(String.format("pcr%02d", i), HexFormat.of().formatHex(v)));
    }
  }

  /** Quote metadata and every quoted bank, under {@code quote}. */
  public static void quoteClaims(TpmsAttest attest, TpmtSignature sig, QuotedPcrs pcrs,
      ObjectNode into) {
    ObjectNode q = into.putObject("quote");
    q.put("firmware_version", String.format("%016x", attest.firmwareVersion()));
    q.put("clock", attest.clock());
    q.put("reset_count", attest.resetCount());
    q.put("restart_count", attest.restartCount());
    q.put("safe", attest.safe());
    q.put("signature_scheme", sig.scheme().name().toLowerCase(java.util.Locale.ROOT));
    q.put("signature_hash", sig.hash().label());
    ObjectNode banks = q.putObject("pcrs");
    pcrs.banks().forEach((alg, m) -> {
      ObjectNode b = banks.putObject(alg.label());
      m.forEach((i, v) -> b.put(Integer.toString(i), HexFormat.of().formatHex(v)));
    });
  }
}
