package dev.claviger.agent.tpm.internal;

/** TPM 2.0 constants used by the client (TPM 2.0 Part 2). */
public final class TpmCodes {
  public static final int ST_NO_SESSIONS = 0x8001;
  public static final int ST_SESSIONS = 0x8002;
  public static final int ST_ATTEST_QUOTE = 0x8018;
  public static final int GENERATED_VALUE = 0xFF544347;

  public static final int CC_EVICT_CONTROL = 0x120;
  public static final int CC_CREATE_PRIMARY = 0x131;
  public static final int CC_STARTUP = 0x144;
  public static final int CC_CREATE = 0x153;
  public static final int CC_LOAD = 0x157;
  public static final int CC_QUOTE = 0x158;
  public static final int CC_FLUSH_CONTEXT = 0x165;
  public static final int CC_READ_PUBLIC = 0x173;
  public static final int CC_GET_RANDOM = 0x17B;
  public static final int CC_PCR_READ = 0x17E;
  public static final int CC_PCR_EXTEND = 0x182;

  public static final int SU_CLEAR = 0x0000;

  public static final int RH_OWNER = 0x40000001;
  public static final int RH_NULL = 0x40000007;
  public static final int RS_PW = 0x40000009;
  public static final int RH_ENDORSEMENT = 0x4000000B;

  public static final int ALG_RSA = 0x0001;
  public static final int ALG_SHA256 = 0x000B;
  public static final int ALG_AES = 0x0006;
  public static final int ALG_NULL = 0x0010;
  public static final int ALG_RSASSA = 0x0014;
  public static final int ALG_CFB = 0x0043;

  /** TPMA_OBJECT bits. */
  public static final int FIXED_TPM = 1 << 1;
  public static final int FIXED_PARENT = 1 << 4;
  public static final int SENSITIVE_DATA_ORIGIN = 1 << 5;
  public static final int USER_WITH_AUTH = 1 << 6;
  public static final int NO_DA = 1 << 10;
  public static final int RESTRICTED = 1 << 16;
  public static final int DECRYPT = 1 << 17;
  public static final int SIGN = 1 << 18;

  public static final int PCR_COUNT = 24;
  public static final int SHA256_SIZE = 32;

  /** Transient object handles are 0x80xxxxxx, persistent ones 0x81xxxxxx. */
  public static final int HT_TRANSIENT = 0x80;
  public static final int HT_PERSISTENT = 0x81;

  private TpmCodes() {}
}
