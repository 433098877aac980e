package dev.claviger.agent.tpm.internal;

import java.util.Map;

/**
 * Decodes TPM_RC values (TPM 2.0 Part 2 §6.6). Format-1 codes (bit 7 set) carry a 6-bit error
 * and the number of the handle, parameter or session at fault; format-0 codes (bit 8 set) are
 * errors, or warnings when bit 11 is set. Bits 16-23 name a software layer (TSS, resource
 * manager) when the code did not come from the TPM itself.
 */
public final class ResponseCodes {
  public static final int SUCCESS = 0x000;
  public static final int INITIALIZE = 0x100;
  public static final int HANDLE = 0x08B;
  public static final int NV_DEFINED = 0x14C;
  public static final int YIELDED = 0x908;
  public static final int TESTING = 0x90A;
  public static final int RETRY = 0x922;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(0x081, "ASYMMETRIC"), Map.entry(0x082, "ATTRIBUTES"), Map.entry(0x083, "HASH"),
      Map.entry(0x084, "VALUE"), Map.entry(0x085, "HIERARCHY"), Map.entry(0x087, "KEY_SIZE"),
      Map.entry(0x088, "MGF"), Map.entry(0x089, "MODE"), Map.entry(0x08A, "TYPE"),
      Map.entry(HANDLE, "HANDLE"), Map.entry(0x08C, "KDF"), Map.entry(0x08D, "RANGE"),
      Map.entry(0x08E, "AUTH_FAIL"), Map.entry(0x08F, "NONCE"), Map.entry(0x090, "PP"),
      Map.entry(0x092, "SCHEME"), Map.entry(0x095, "SIZE"), Map.entry(0x096, "SYMMETRIC"),
      Map.entry(0x097, "TAG"), Map.entry(0x098, "SELECTOR"), Map.entry(0x09A, "INSUFFICIENT"),
      Map.entry(0x09B, "SIGNATURE"), Map.entry(0x09C, "KEY"), Map.entry(0x09D, "POLICY_FAIL"),
      Map.entry(0x09F, "INTEGRITY"), Map.entry(0x0A0, "TICKET"),
      Map.entry(0x0A1, "RESERVED_BITS"), Map.entry(0x0A2, "BAD_AUTH"),
      Map.entry(0x0A3, "EXPIRED"), Map.entry(0x0A4, "POLICY_CC"), Map.entry(0x0A5, "BINDING"),
      Map.entry(0x0A6, "CURVE"), Map.entry(0x0A7, "ECC_POINT"),
      Map.entry(INITIALIZE, "INITIALIZE"), Map.entry(0x101, "FAILURE"),
      Map.entry(0x103, "SEQUENCE"), Map.entry(0x10B, "PRIVATE"), Map.entry(0x119, "HMAC"),
      Map.entry(0x120, "DISABLED"), Map.entry(0x121, "EXCLUSIVE"),
      Map.entry(0x124, "AUTH_TYPE"), Map.entry(0x125, "AUTH_MISSING"),
      Map.entry(0x126, "POLICY"), Map.entry(0x127, "PCR"), Map.entry(0x128, "PCR_CHANGED"),
      Map.entry(0x12D, "UPGRADE"), Map.entry(0x12E, "TOO_MANY_CONTEXTS"),
      Map.entry(0x12F, "AUTH_UNAVAILABLE"), Map.entry(0x130, "REBOOT"),
      Map.entry(0x131, "UNBALANCED"), Map.entry(0x142, "COMMAND_SIZE"),
      Map.entry(0x143, "COMMAND_CODE"), Map.entry(0x144, "AUTHSIZE"),
      Map.entry(0x145, "AUTH_CONTEXT"), Map.entry(0x146, "NV_RANGE"),
      Map.entry(0x147, "NV_SIZE"), Map.entry(0x148, "NV_LOCKED"),
      Map.entry(0x149, "NV_AUTHORIZATION"), Map.entry(0x14A, "NV_UNINITIALIZED"),
      Map.entry(0x14B, "NV_SPACE"), Map.entry(NV_DEFINED, "NV_DEFINED"),
      Map.entry(0x150, "BAD_CONTEXT"), Map.entry(0x151, "CPHASH"), Map.entry(0x152, "PARENT"),
      Map.entry(0x153, "NEEDS_TEST"), Map.entry(0x154, "NO_RESULT"),
      Map.entry(0x155, "SENSITIVE"), Map.entry(0x901, "CONTEXT_GAP"),
      Map.entry(0x902, "OBJECT_MEMORY"), Map.entry(0x903, "SESSION_MEMORY"),
      Map.entry(0x904, "MEMORY"), Map.entry(0x905, "SESSION_HANDLES"),
      Map.entry(0x906, "OBJECT_HANDLES"), Map.entry(0x907, "LOCALITY"),
      Map.entry(YIELDED, "YIELDED"), Map.entry(0x909, "CANCELED"),
      Map.entry(TESTING, "TESTING"), Map.entry(0x920, "NV_RATE"), Map.entry(0x921, "LOCKOUT"),
      Map.entry(RETRY, "RETRY"), Map.entry(0x923, "NV_UNAVAILABLE"));

  private ResponseCodes() {}

  /** The code without the location number (format 1) or layer (bits 16+). */
  public static int base(int rc) {
    int tpm = rc & 0xFFFF;
    if ((tpm & 0x080) != 0) {
      return 0x080 | (tpm & 0x3F);
    }
    return tpm & 0xFFF;
  }

  /** {@code TPM_RC_<NAME>}, or {@code TPM_RC_0x...} for codes without a name. */
  public static String name(int rc) {
    int b = base(rc);
    if ((rc & 0xFF0000) != 0) {
      return "layer 0x" + Integer.toHexString(rc >>> 16) + " code 0x" + Integer.toHexString(b);
    }
    if ((b & 0x180) == 0) {
      return "TPM 1.2 code 0x" + Integer.toHexString(b);
    }
    if ((b & 0x400) != 0 && (b & 0x080) == 0) {
      return "TPM_RC vendor code 0x" + Integer.toHexString(b);
    }
    String name = NAMES.get(b);
    return name != null ? "TPM_RC_" + name : "TPM_RC_0x" + Integer.toHexString(b);
  }

  /** Name, raw value and, for format-1 codes, which handle/parameter/session is at fault. */
  public static String describe(int rc) {
    StringBuilder s = new StringBuilder(name(rc)).append(" (0x")
        .append(Integer.toHexString(rc)).append(')');
    int tpm = rc & 0xFFFF;
    if ((rc & 0xFF0000) == 0 && (tpm & 0x080) != 0) {
      if ((tpm & 0x040) != 0) {
        s.append(", parameter ").append((tpm >>> 8) & 0xF);
      } else if ((tpm & 0x800) != 0) {
        s.append(", session ").append((tpm >>> 8) & 0x7);
      } else if (((tpm >>> 8) & 0x7) != 0) {
        s.append(", handle ").append((tpm >>> 8) & 0x7);
      }
    }
    return s.toString();
  }
}
