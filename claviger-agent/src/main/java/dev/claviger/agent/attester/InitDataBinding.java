package dev.claviger.agent.attester;

import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.internal.ReportData;
import dev.claviger.agent.tpm.TpmAttester;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Init-data binding at agent start, as upstream (guest-components §1.4): TDX requires
 * {@code digest || zero-pad to 48 == MRCONFIGID}; SNP requires {@code pad32(digest) == HOST_DATA}
 * (a longer digest keeps its first 32 bytes, as upstream's {@code pad}); TPM extends PCR 8
 * ({@link TpmAttester#bindInitData}); every other attester is {@code UNSUPPORTED}.
 */
public final class InitDataBinding {
  /** SHA-512 is the longest digest upstream's init-data allows. */
  public static final int MAX_DIGEST = 64;

  private InitDataBinding() {}

  /**
   * Checks (or, for TPM, performs) the binding of {@code digest} on {@code attester}'s platform.
   *
   * @throws InitDataBindingException {@code MISMATCH}, {@code UNSUPPORTED} or {@code PLATFORM}
   */
  public static void check(Attester attester, byte[] digest) throws InitDataBindingException {
    Objects.requireNonNull(attester, "attester");
    Objects.requireNonNull(digest, "digest");
    if (digest.length == 0 || digest.length > MAX_DIGEST) {
      throw new IllegalArgumentException("init-data digest must be 1.." + MAX_DIGEST + " bytes");
    }
    if (attester instanceof InitDataBinder binder) {
      binder.bindInitData(digest.clone());
      return;
    }
    if (attester instanceof TpmAttester tpm) {
      try {
        tpm.bindInitData(digest.clone());
        return;
      } catch (AttesterException e) {
        throw new InitDataBindingException(InitDataBindingException.Reason.PLATFORM,
            "cannot extend PCR " + TpmAttester.INIT_DATA_PCR + " with the init-data digest: "
                + e.getMessage(), e);
      }
    }
    throw new InitDataBindingException(InitDataBindingException.Reason.UNSUPPORTED,
        "the " + attester.tee() + " attester cannot bind init-data");
  }

  /** TDX: the digest zero-padded (or cut) to 48 bytes must equal MRCONFIGID. */
  static void tdx(TdxAttester tdx, byte[] digest) throws InitDataBindingException {
    compare("MRCONFIGID", ReportData.fit(digest, 48), read(tdx::mrConfigId));
  }

  /** SNP: the digest zero-padded (or cut) to 32 bytes must equal HOST_DATA. */
  static void snp(SnpAttester snp, byte[] digest) throws InitDataBindingException {
    compare("HOST_DATA", ReportData.fit(digest, 32), read(snp::hostData));
  }

  private interface PlatformRead {
    byte[] get() throws AttesterException;
  }

  private static byte[] read(PlatformRead r) throws InitDataBindingException {
    try {
      return r.get();
    } catch (AttesterException e) {
      throw new InitDataBindingException(InitDataBindingException.Reason.PLATFORM,
          "cannot read the platform's init-data field: " + e.getMessage(), e);
    }
  }

  private static void compare(String field, byte[] expected, byte[] actual)
      throws InitDataBindingException {
    if (!MessageDigest.isEqual(expected, actual)) {
      HexFormat hex = HexFormat.of();
      throw new InitDataBindingException(InitDataBindingException.Reason.MISMATCH,
          "init-data does not match " + field + ": expected " + hex.formatHex(expected)
              + ", platform has " + hex.formatHex(actual));
    }
  }
}
