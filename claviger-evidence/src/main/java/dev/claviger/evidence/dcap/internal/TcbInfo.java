package dev.claviger.evidence.dcap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Intel TCB Info v3 ({@code id} "SGX" or "TDX"), parsed from the exact signed bytes. */
public record TcbInfo(String id, int version, Instant issueDate, Instant nextUpdate, byte[] fmspc,
    byte[] pceId, int tcbType, int evaluationDataNumber, TdxModule tdxModule,
    List<ModuleIdentity> moduleIdentities, List<TcbLevel> levels) {

  /** {@code tdxModule}: expected MRSIGNER_SEAM and masked SEAM attributes. */
  public record TdxModule(byte[] mrSigner, byte[] attributes, byte[] attributesMask) {}

  /** One of {@code tdxModuleIdentities} ({@code TDX_01}, ...). */
  public record ModuleIdentity(String id, byte[] mrSigner, byte[] attributes, byte[] attributesMask,
      List<TcbLevel> levels) {}

  public TcbInfo {
    levels = List.copyOf(levels);
    moduleIdentities = List.copyOf(moduleIdentities);
  }

  public boolean isTdx() {
    return "TDX".equals(id);
  }

  /** Parses TCB Info JSON text; {@link IOException} on anything unexpected. */
  public static TcbInfo parse(byte[] body) throws IOException {
    JsonNode n;
    try {
      n = Json.parse(body);
    } catch (MalformedInputException e) {
      throw new IOException("TCB Info is not JSON: " + e.getMessage());
    }
    String id = JsonFields.str(n, "id");
    int version = JsonFields.integer(n, "version", 1000);
    if (version != 3 || !("SGX".equals(id) || "TDX".equals(id))) {
      throw new IOException("unsupported TCB Info id " + id + " version " + version);
    }
    boolean tdx = "TDX".equals(id);
    if (JsonFields.integer(n, "tcbType", 255) != 0) {
      throw new IOException("unsupported tcbType (only 0 is defined)");
    }
    List<TcbLevel> levels = new ArrayList<>();
    for (JsonNode l : JsonFields.arr(n, "tcbLevels")) {
      levels.add(level(l, tdx));
    }
    if (levels.isEmpty()) {
      throw new IOException("TCB Info without levels");
    }
    return new TcbInfo(id, version, JsonFields.time(n, "issueDate"), JsonFields.time(n, "nextUpdate"),
        JsonFields.hex(n, "fmspc", 6), JsonFields.hex(n, "pceId", 2), JsonFields.integer(n, "tcbType", 255),
        JsonFields.integer(n, "tcbEvaluationDataNumber", Integer.MAX_VALUE),
        tdx ? module(JsonFields.obj(n, "tdxModule")) : null, tdx ? identities(n) : List.of(), levels);
  }

  private static TcbLevel level(JsonNode l, boolean tdx) throws IOException {
    JsonNode tcb = JsonFields.obj(l, "tcb");
    int[] sgx = components(JsonFields.arr(tcb, "sgxtcbcomponents"));
    int[] tdxc = tdx ? components(JsonFields.arr(tcb, "tdxtcbcomponents")) : new int[0];
    return new TcbLevel(sgx, JsonFields.integer(tcb, "pcesvn", 65535), tdxc, -1,
        JsonFields.time(l, "tcbDate"), JsonFields.status(l), JsonFields.advisories(l));
  }

  private static int[] components(JsonNode a) throws IOException {
    if (a.size() != 16) {
      throw new IOException("TCB component count " + a.size() + " (expected 16)");
    }
    int[] out = new int[16];
    for (int i = 0; i < 16; i++) {
      out[i] = JsonFields.integer(a.get(i), "svn", 255);
    }
    return out;
  }

  private static TdxModule module(JsonNode m) throws IOException {
    return new TdxModule(JsonFields.hex(m, "mrsigner", 48), JsonFields.hex(m, "attributes", 8),
        JsonFields.hex(m, "attributesMask", 8));
  }

  private static List<ModuleIdentity> identities(JsonNode n) throws IOException {
    JsonNode a = n.get("tdxModuleIdentities");
    List<ModuleIdentity> out = new ArrayList<>();
    if (a == null) {
      return out;
    }
    if (!a.isArray()) {
      throw new IOException("bad tdxModuleIdentities");
    }
    for (JsonNode m : a) {
      List<TcbLevel> levels = new ArrayList<>();
      for (JsonNode l : JsonFields.arr(m, "tcbLevels")) {
        levels.add(JsonFields.isvLevel(l));
      }
      out.add(new ModuleIdentity(JsonFields.str(m, "id"), JsonFields.hex(m, "mrsigner", 48),
          JsonFields.hex(m, "attributes", 8), JsonFields.hex(m, "attributesMask", 8), levels));
    }
    return out;
  }
}
