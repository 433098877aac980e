package dev.claviger.agent.tpm.internal;

import dev.claviger.agent.tpm.TpmException;

/**
 * Command and response framing: a 10-byte header (tag, size, command code or TPM_RC), the
 * handle area, then — for {@code TPM_ST_SESSIONS} — a u32 size and the authorization area
 * before the parameters. Only password sessions ({@code TPM_RS_PW}, empty auth) are used.
 */
public final class CommandFrame {
  public static final int HEADER = 10;
  /**
   * TPM_PT_MAX_RESPONSE_SIZE is 4096 on every TPM we know of (and in libtpms); twice that leaves
   * room for a vendor and still bounds what we buffer.
   */
  public static final int MAX_RESPONSE = 8192;
  /** One password session: handle, empty nonce, attributes (continueSession), empty hmac. */
  private static final int PW_SESSION_SIZE = 4 + 2 + 1 + 2;

  private CommandFrame() {}

  /** Marshals a command; {@code authorize} adds one password session for the first handle. */
  public static byte[] encode(int commandCode, int[] handles, boolean authorize,
      byte[] parameters) {
    TpmWriter w = new TpmWriter();
    int size = HEADER + 4 * handles.length + (authorize ? 4 + PW_SESSION_SIZE : 0)
        + parameters.length;
    w.u16(authorize ? TpmCodes.ST_SESSIONS : TpmCodes.ST_NO_SESSIONS).u32(size).u32(commandCode);
    for (int h : handles) {
      w.u32(h);
    }
    if (authorize) {
      w.u32(PW_SESSION_SIZE).u32(TpmCodes.RS_PW).u16(0).u8(0x01).u16(0);
    }
    return w.bytes(parameters).toByteArray();
  }

  /** A response whose header checked out and whose TPM_RC is success. */
  public record Body(int[] handles, TpmReader parameters) {}

  /**
   * Checks a response (size field equals the bytes received, within {@link #MAX_RESPONSE}, a
   * known tag) and throws the TPM_RC when it is not success.
   */
  public static int checkHeader(String command, byte[] response) throws TpmException {
    if (response.length < HEADER) {
      throw TpmException.malformed(command + ": response of " + response.length
          + " bytes is shorter than the header");
    }
    if (response.length > MAX_RESPONSE) {
      throw TpmException.malformed(command + ": response of " + response.length
          + " bytes exceeds " + MAX_RESPONSE);
    }
    TpmReader r = TpmReader.of(response, command + " response");
    int tag = r.u16("tag");
    long size = r.u32("size") & 0xFFFFFFFFL;
    int rc = r.u32("responseCode");
    if (tag != TpmCodes.ST_NO_SESSIONS && tag != TpmCodes.ST_SESSIONS) {
      throw TpmException.malformed(command + ": response tag 0x" + Integer.toHexString(tag)
          + " is not TPM_ST_NO_SESSIONS/TPM_ST_SESSIONS");
    }
    if (size != response.length) {
      throw TpmException.malformed(command + ": response header says " + size
          + " bytes, received " + response.length);
    }
    return rc;
  }

  /** Parses a successful response with {@code handleCount} handles. */
  public static Body decode(String command, byte[] response, int handleCount, boolean authorized)
      throws TpmException {
    int rc = checkHeader(command, response);
    if (rc != ResponseCodes.SUCCESS) {
      throw TpmException.responseCode(command, rc);
    }
    TpmReader r = TpmReader.of(response, command + " response");
    r.bytes(HEADER, "header");
    int tag = ((response[0] & 0xFF) << 8) | (response[1] & 0xFF);
    int want = authorized ? TpmCodes.ST_SESSIONS : TpmCodes.ST_NO_SESSIONS;
    if (tag != want) {
      throw TpmException.malformed(command + ": success response tag 0x"
          + Integer.toHexString(tag) + ", expected 0x" + Integer.toHexString(want));
    }
    int[] handles = new int[handleCount];
    for (int i = 0; i < handleCount; i++) {
      handles[i] = r.u32("handle");
    }
    if (!authorized) {
      return new Body(handles, r);
    }
    int paramSize = r.u32("parameterSize");
    TpmReader params = r.slice(paramSize, "parameters");
    // The acknowledgement of our password session: empty nonce, attributes, empty hmac.
    r.tpm2b(0, "session nonce");
    r.u8("session attributes");
    r.tpm2b(0, "session hmac");
    r.expectEnd();
    return new Body(handles, params);
  }
}
