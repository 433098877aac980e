package dev.claviger.evidence.dcap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Intel enclave identity v2 ({@code QE}, {@code TD_QE}, {@code QVE}), from the exact signed bytes. */
public record QeIdentity(String id, Instant issueDate, Instant nextUpdate, int evaluationDataNumber,
    long miscSelect, long miscSelectMask, byte[] attributes, byte[] attributesMask, byte[] mrSigner,
    int isvProdId, List<TcbLevel> levels) {

  public QeIdentity {
    levels = List.copyOf(levels);
  }

  public static QeIdentity parse(byte[] body) throws IOException {
    JsonNode n;
    try {
      n = Json.parse(body);
    } catch (MalformedInputException e) {
      throw new IOException("QE Identity is not JSON: " + e.getMessage());
    }
    int version = JsonFields.integer(n, "version", 1000);
    if (version != 2) {
      throw new IOException("unsupported enclave identity version " + version);
    }
    List<TcbLevel> levels = new ArrayList<>();
    for (JsonNode l : JsonFields.arr(n, "tcbLevels")) {
      levels.add(JsonFields.isvLevel(l));
    }
    return new QeIdentity(JsonFields.str(n, "id"), JsonFields.time(n, "issueDate"),
        JsonFields.time(n, "nextUpdate"), JsonFields.integer(n, "tcbEvaluationDataNumber", Integer.MAX_VALUE),
        u32(JsonFields.hex(n, "miscselect", 4)), u32(JsonFields.hex(n, "miscselectMask", 4)),
        JsonFields.hex(n, "attributes", 16), JsonFields.hex(n, "attributesMask", 16),
        JsonFields.hex(n, "mrsigner", 32), JsonFields.integer(n, "isvprodid", 65535), levels);
  }

  /** PCS writes miscselect big-endian as hex; the report holds it little-endian (compared as u32). */
  private static long u32(byte[] be) {
    return ((be[0] & 0xffL) << 24) | ((be[1] & 0xffL) << 16) | ((be[2] & 0xffL) << 8) | (be[3] & 0xffL);
  }
}
