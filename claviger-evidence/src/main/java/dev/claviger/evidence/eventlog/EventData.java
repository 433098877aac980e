package dev.claviger.evidence.eventlog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.tpm.internal.TpmReader;
import dev.claviger.evidence.tpm.TpmFormatException;
import java.nio.charset.StandardCharsets;

/** Decodes the event data policies ask about: the SecureBoot variable and kernel command lines. */
final class EventData {
  static final String CMDLINE_PREFIX = "kernel_cmdline: ";
  static final String GRUB_LINUX_PREFIX = "grub_cmd: linux";

  private EventData() {}

  /** Adds derived claims from an event whose data is covered by its digest. */
  static void derive(TcgEvent e, ObjectNode out) throws TpmFormatException {
    if (e.type() == EventTypes.EV_EFI_VARIABLE_DRIVER_CONFIG && e.pcr() == 7) {
      Variable v = variable(e.data());
      if (v.name().equals("SecureBoot")) {
        out.put("secure_boot", v.data().length == 1 && v.data()[0] == 1);
      }
    }
    if (e.type() == EventTypes.EV_IPL && (e.pcr() == 8 || e.pcr() == 9)) {
      String text = cString(e.data());
      if (text.startsWith(CMDLINE_PREFIX)) {
        out.put("kernel_cmdline", text.substring(CMDLINE_PREFIX.length()));
      } else if (text.startsWith(GRUB_LINUX_PREFIX) && !out.has("kernel_cmdline")) {
        out.put("grub_linux_cmd", text.substring("grub_cmd: ".length()));
      }
    }
  }

  private static String cString(byte[] data) {
    int n = data.length;
    while (n > 0 && data[n - 1] == 0) {
      n--;
    }
    return new String(data, 0, n, StandardCharsets.UTF_8);
  }

  /** UEFI_VARIABLE_DATA: GUID, name length (chars), data length, UTF-16LE name, data. */
  record Variable(String name, byte[] data) {}

  static Variable variable(byte[] raw) throws TpmFormatException {
    TpmReader r = TpmReader.littleEndian(raw, "UEFI_VARIABLE_DATA");
    r.bytes(16, "VariableName");
    long nameLen = r.u64("UnicodeNameLength");
    long dataLen = r.u64("VariableDataLength");
    if (nameLen > raw.length || dataLen > raw.length) {
      throw new TpmFormatException("UEFI_VARIABLE_DATA: lengths exceed the event");
    }
    String name = new String(r.bytes(nameLen * 2, "UnicodeName"), StandardCharsets.UTF_16LE);
    return new Variable(name, r.bytes(dataLen, "VariableData"));
  }
}
