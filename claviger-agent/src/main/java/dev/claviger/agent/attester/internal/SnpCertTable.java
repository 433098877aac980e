package dev.claviger.agent.attester.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The GHCB extended-report certificate table (configfs-tsm {@code auxblob}, or the buffer of
 * {@code SNP_GET_EXT_REPORT}): entries of {GUID (RFC 4122 byte order), offset u32 LE, length u32
 * LE} ended by an all-zero entry, offsets relative to the table start.
 *
 * <p>Rendered as the serde form of sev 6.3's {@code Vec<CertTableEntry>}, sorted as sev sorts
 * it ({@code CertType}'s order: ARK, VCEK, VLEK, ASK, CRL, OTHER by GUID).
 */
public final class SnpCertTable {
  static final int ENTRY = 24;
  static final int MAX_ENTRIES = 64;
  private static final Map<String, String> NAMES = Map.of(
      "c0b406a4-a803-4952-9743-3fb6014cd0ae", "ARK",
      "63da758d-e664-4564-adc5-f4b93be8accd", "VCEK",
      "a8074bc2-a25a-483e-aae6-39c045a0b8a1", "VLEK",
      "4ab7b379-bbac-4fe4-a02f-05aef327c782", "ASK",
      "92f81bc3-5811-4d3d-97ff-d19f88dc67ea", "CRL");
  private static final List<String> ORDER = List.of("ARK", "VCEK", "VLEK", "ASK", "CRL");

  /** One certificate; {@code type} is a sev {@code CertType} name or {@code OTHER}. */
  public record Entry(String type, UUID guid, byte[] data) {}

  private SnpCertTable() {}

  public static List<Entry> parse(byte[] table) throws SnpReportJson.BadReportException {
    ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer be = ByteBuffer.wrap(table).order(ByteOrder.BIG_ENDIAN);
    List<Entry> out = new ArrayList<>();
    for (int pos = 0; ; pos += ENTRY) {
      if (pos + ENTRY > table.length) {
        throw bad("no terminating all-zero entry within " + table.length + " bytes");
      }
      UUID guid = new UUID(be.getLong(pos), be.getLong(pos + 8));
      if (guid.getMostSignificantBits() == 0 && guid.getLeastSignificantBits() == 0) {
        break;
      }
      if (out.size() == MAX_ENTRIES) {
        throw bad("more than " + MAX_ENTRIES + " entries");
      }
      long offset = Integer.toUnsignedLong(b.getInt(pos + 16));
      long length = Integer.toUnsignedLong(b.getInt(pos + 20));
      if (offset + length > table.length) {
        throw bad("entry " + guid + " spans " + offset + "+" + length + " beyond " + table.length);
      }
      String name = NAMES.getOrDefault(guid.toString(), "OTHER");
      out.add(new Entry(name, guid, Arrays.copyOfRange(table, (int) offset, (int) (offset + length))));
    }
    out.sort(Comparator.comparingInt((Entry e) -> rank(e.type()))
        .thenComparing(e -> e.type().equals("OTHER") ? e.guid() : new UUID(0, 0),
            SnpCertTable::compareBytes));
    return out;
  }

  /** The serde form: {@code [{"cert_type":"VCEK","data":[...]}, {"cert_type":{"OTHER":uuid},...}]}. */
  public static ArrayNode render(List<Entry> entries) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Entry e : entries) {
      ObjectNode o = a.addObject();
      if (e.type().equals("OTHER")) {
        o.putObject("cert_type").put("OTHER", e.guid().toString());
      } else {
        o.put("cert_type", e.type());
      }
      o.set("data", SnpReportJson.bytes(e.data(), 0, e.data().length));
    }
    return a;
  }

  /** Rust's {@code Uuid} orders by its bytes; Java's {@code UUID} compares signed halves. */
  private static int compareBytes(UUID x, UUID y) {
    int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
  }

  private static int rank(String type) {
    int i = ORDER.indexOf(type);
    return i < 0 ? ORDER.size() : i;
  }

  private static SnpReportJson.BadReportException bad(String why) {
    return new SnpReportJson.BadReportException("SNP certificate table: " + why);
  }
}
