package dev.claviger.evidence.tpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes a crypto-agile TCG PC Client event log with a SHA-256 bank, for tests. */
final class EventLogBuilder {
  record Event(int pcr, long type, byte[] digest, byte[] data) {}

  private final List<Event> events = new ArrayList<>();

  /** Adds an event whose digest is SHA-256 of its data. */
  EventLogBuilder measure(int pcr, long type, byte[] data) {
    return add(pcr, type, TpmHashAlg.SHA256.digest(data), data);
  }

  EventLogBuilder add(int pcr, long type, byte[] digest, byte[] data) {
    events.add(new Event(pcr, type, digest, data));
    return this;
  }

  List<Event> events() {
    return events;
  }

  byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer spec = le(16 + 4 + 4 + 4 + 4 + 1);
    spec.put("Spec ID Event03\0".getBytes(StandardCharsets.US_ASCII));
    spec.putInt(0).put((byte) 0).put((byte) 2).put((byte) 0).put((byte) 2);
    spec.putInt(1).putShort((short) 0x000B).putShort((short) 32).put((byte) 0);
    byte[] specData = spec.array();
    ByteBuffer header = le(4 + 4 + 20 + 4);
    header.putInt(0).putInt(3).put(new byte[20]).putInt(specData.length);
    out.writeBytes(header.array());
    out.writeBytes(specData);
    for (Event e : events) {
      ByteBuffer b = le(4 + 4 + 4 + 2 + 32 + 4);
      b.putInt(e.pcr()).putInt((int) e.type()).putInt(1).putShort((short) 0x000B).put(e.digest())
          .putInt(e.data().length);
      out.writeBytes(b.array());
      out.writeBytes(e.data());
    }
    return out.toByteArray();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** UEFI_VARIABLE_DATA for EFI_GLOBAL_VARIABLE SecureBoot = value. */
  static byte[] secureBoot(int value) {
    byte[] name = "SecureBoot".getBytes(StandardCharsets.UTF_16LE);
    ByteBuffer b = le(16 + 8 + 8 + name.length + 1);
    b.put(new byte[] {0x61, (byte) 0xdf, (byte) 0xe4, (byte) 0x8b, (byte) 0xca, (byte) 0x93,
        (byte) 0xd2, 0x11, (byte) 0xaa, 0x0d, 0x00, (byte) 0xe0, (byte) 0x98, 0x03, 0x2b,
        (byte) 0x8c});
    b.putLong(name.length / 2).putLong(1).put(name).put((byte) value);
    return b.array();
  }
}
