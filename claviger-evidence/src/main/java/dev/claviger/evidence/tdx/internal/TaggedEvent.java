package dev.claviger.evidence.tdx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The data of an {@code EV_EVENT_TAG} event, {@code TCG_PCClientTaggedEvent}: u32 tagged event id,
 * u32 size, then that many bytes (TCG PC Client PFP 10.2.6). Bytes after the declared size are
 * ignored, as upstream's parser does; a size beyond the data is malformed (upstream rejects the log).
 */
record TaggedEvent(long id, byte[] payload) {
  static final int EV_EVENT_TAG = 0x6;

  static TaggedEvent parse(byte[] data) throws CcelFormatException {
    if (data.length < 8) {
      throw new CcelFormatException("EV_EVENT_TAG data of " + data.length + " bytes has no tag header");
    }
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    long id = b.getInt(0) & 0xffffffffL;
    long size = b.getInt(4) & 0xffffffffL;
    if (size > data.length - 8L) {
      throw new CcelFormatException("EV_EVENT_TAG declares " + size + " bytes, only " + (data.length - 8) + " present");
    }
    return new TaggedEvent(id, Arrays.copyOfRange(data, 8, 8 + (int) size));
  }
}
