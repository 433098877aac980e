package dev.claviger.agent.attester;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The TD report fields of a DCAP quote (v4 with a TD 1.0 body, v5 with a TD 1.0 or 1.5 body) that
 * the guest needs itself: MRTD, MRCONFIGID (init-data binding), MROWNER, MROWNERCONFIG, RTMR0-3
 * and REPORTDATA. The quote signature is not checked here: that is the verifier's job; the guest
 * only reads its own platform's values back.
 */
public final class TdQuoteFields {
  private static final int HEADER = 48;
  private static final int TD10_BODY = 584;
  private static final int TD15_BODY = 648;
  private static final int TEE_TYPE_TDX = 0x81;

  private final byte[] body;

  private TdQuoteFields(byte[] body) {
    this.body = body;
  }

  /** Parses the header and locates the TD report body; checks every length before reading. */
  public static TdQuoteFields parse(byte[] quote) throws TsmReportException {
    if (quote.length < HEADER + 6) {
      throw bad("quote is " + quote.length + " bytes, shorter than a header");
    }
    ByteBuffer b = ByteBuffer.wrap(quote).order(ByteOrder.LITTLE_ENDIAN);
    int version = b.getShort(0) & 0xFFFF;
    int teeType = b.getInt(4);
    if (teeType != TEE_TYPE_TDX) {
      throw bad("quote TEE type is 0x" + Integer.toHexString(teeType) + ", not TDX (0x81)");
    }
    int offset;
    int size;
    if (version == 4) {
      offset = HEADER;
      size = TD10_BODY;
    } else if (version == 5) {
      int type = b.getShort(HEADER) & 0xFFFF;
      long declared = Integer.toUnsignedLong(b.getInt(HEADER + 2));
      size = type == 2 ? TD10_BODY : type == 3 ? TD15_BODY : -1;
      if (size < 0 || declared != size) {
        throw bad("v5 quote body type " + type + " with size " + declared + " is not a TD report");
      }
      offset = HEADER + 6;
    } else {
      throw bad("quote version " + version + " (supported: 4, 5)");
    }
    if (quote.length < offset + size) {
      throw bad("quote is " + quote.length + " bytes, body needs " + (offset + size));
    }
    return new TdQuoteFields(Arrays.copyOfRange(quote, offset, offset + size));
  }

  public byte[] mrTd() {
    return field(136, 48);
  }

  public byte[] mrConfigId() {
    return field(184, 48);
  }

  public byte[] mrOwner() {
    return field(232, 48);
  }

  public byte[] mrOwnerConfig() {
    return field(280, 48);
  }

  /** RTMR {@code index} (0..3). */
  public byte[] rtmr(int index) {
    if (index < 0 || index > 3) {
      throw new IllegalArgumentException("RTMR index must be 0..3, got " + index);
    }
    return field(328 + 48 * index, 48);
  }

  public byte[] reportData() {
    return field(520, 64);
  }

  private byte[] field(int offset, int length) {
    return Arrays.copyOfRange(body, offset, offset + length);
  }

  private static TsmReportException bad(String why) {
    return new TsmReportException(TsmReportException.Reason.MALFORMED_OUTBLOB, "TD quote: " + why);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TdQuoteFields other && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "TdQuoteFields[mrTd=" + HexFormat.of().formatHex(mrTd()) + "]";
  }
}
