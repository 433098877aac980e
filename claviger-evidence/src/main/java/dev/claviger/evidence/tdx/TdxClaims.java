package dev.claviger.evidence.tdx;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.dcap.DcapVerification;
import dev.claviger.evidence.dcap.internal.DcapClaims;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.TdReport;

/**
 * TDX claims with upstream Trustee's names: {@code quote.header.*}, {@code quote.body.*},
 * {@code quote.type/size} (v5), {@code td_attributes.*}, {@code report_data}, {@code init_data}
 * (MR_CONFIG_ID) and the QVL supplemental claims. Hex is lowercase; multi-byte integers keep
 * their little-endian byte order, as upstream hex-encodes the raw fields.
 */
public final class TdxClaims {
  private TdxClaims() {}

  public static ObjectNode of(DcapVerification v) {
    Quote q = v.quote();
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    ObjectNode quote = claims.putObject("quote");
    ObjectNode header = quote.putObject("header");
    header.put("version", Hex.encode(q.headerField(0, 2)));
    header.put("att_key_type", Hex.encode(q.headerField(2, 2)));
    header.put("tee_type", Hex.encode(q.headerField(4, 4)));
    header.put("reserved", Hex.encode(q.headerField(8, 4)));
    header.put("vendor_id", Hex.encode(q.headerField(12, 16)));
    header.put("user_data", Hex.encode(q.headerField(28, 20)));
    if (q.version() == 5) {
      byte[] d = q.bodyDescriptor();
      quote.put("type", Hex.encode(java.util.Arrays.copyOfRange(d, 0, 2)));
      quote.put("size", Hex.encode(java.util.Arrays.copyOfRange(d, 2, 6)));
    }
    ObjectNode body = quote.putObject("body");
    field(body, q, "tcb_svn", TdReport.TEE_TCB_SVN, 16);
    field(body, q, "mr_seam", TdReport.MR_SEAM, 48);
    field(body, q, "mrsigner_seam", TdReport.MR_SIGNER_SEAM, 48);
    field(body, q, "seam_attributes", TdReport.SEAM_ATTRIBUTES, 8);
    field(body, q, "td_attributes", TdReport.TD_ATTRIBUTES, 8);
    field(body, q, "xfam", TdReport.XFAM, 8);
    field(body, q, "mr_td", TdReport.MR_TD, 48);
    field(body, q, "mr_config_id", TdReport.MR_CONFIG_ID, 48);
    field(body, q, "mr_owner", TdReport.MR_OWNER, 48);
    field(body, q, "mr_owner_config", TdReport.MR_OWNER_CONFIG, 48);
    for (int i = 0; i < 4; i++) {
      field(body, q, "rtmr_" + i, TdReport.RTMR0 + 48 * i, 48);
    }
    field(body, q, "report_data", TdReport.REPORT_DATA, 64);
    if (q.bodyType() == Quote.BodyType.TD15) {
      field(body, q, "tee_tcb_svn2", TdReport.TEE_TCB_SVN2, 16);
      field(body, q, "mr_servicetd", TdReport.MR_SERVICETD, 48);
    }
    claims.set("td_attributes", tdAttributes(q.bodyField(TdReport.TD_ATTRIBUTES, 8)));
    claims.put("report_data", Hex.encode(q.reportData()));
    claims.put("init_data", Hex.encode(q.bodyField(TdReport.MR_CONFIG_ID, 48)));
    DcapClaims.supplemental(v, claims);
    return claims;
  }

  private static void field(ObjectNode body, Quote q, String name, int off, int len) {
    body.put(name, Hex.encode(q.bodyField(off, len)));
  }

  /** TD_ATTRIBUTES flags as upstream names them (little-endian u64). */
  static ObjectNode tdAttributes(byte[] le) {
    long v = java.nio.ByteBuffer.wrap(le).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("debug", (v & 1L) != 0);
    n.put("septve_disable", (v & (1L << 28)) != 0);
    n.put("protection_keys", (v & (1L << 30)) != 0);
    n.put("key_locker", (v & (1L << 31)) != 0);
    n.put("perfmon", (v & (1L << 63)) != 0);
    return n;
  }
}
