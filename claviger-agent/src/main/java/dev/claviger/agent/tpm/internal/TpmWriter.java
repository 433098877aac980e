package dev.claviger.agent.tpm.internal;

import java.io.ByteArrayOutputStream;

/** Big-endian TPM marshalling into a growing buffer. */
public final class TpmWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  public TpmWriter u8(int v) {
    out.write(v);
    return this;
  }

  public TpmWriter u16(int v) {
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  public TpmWriter u32(int v) {
    u16(v >>> 16);
    return u16(v);
  }

  public TpmWriter bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  /** A TPM2B: u16 size, then the bytes. */
  public TpmWriter tpm2b(byte[] b) {
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException("TPM2B of " + b.length + " bytes");
    }
    return u16(b.length).bytes(b);
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
