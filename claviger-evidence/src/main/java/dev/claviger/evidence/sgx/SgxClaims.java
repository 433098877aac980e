package dev.claviger.evidence.sgx;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.dcap.DcapVerification;
import dev.claviger.evidence.dcap.internal.DcapClaims;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.SgxReport;

/**
 * SGX claims with upstream Trustee's names: {@code header.*}, {@code body.*} (including
 * {@code attributes.flags} / {@code attributes.xfrm} as flat keys and the reserved fields),
 * {@code report_data}, {@code init_data} (CONFIG_ID) and the QVL supplemental claims.
 */
public final class SgxClaims {
  private SgxClaims() {}

  private static final Object[][] BODY = {
      {"cpu_svn", 0, 16}, {"misc_select", 16, 4}, {"reserved1", 20, 12}, {"isv_ext_prod_id", 32, 16},
      {"attributes.flags", 48, 8}, {"attributes.xfrm", 56, 8}, {"mr_enclave", 64, 32},
      {"reserved2", 96, 32}, {"mr_signer", 128, 32}, {"reserved3", 160, 32}, {"config_id", 192, 64},
      {"isv_prod_id", 256, 2}, {"isv_svn", 258, 2}, {"config_svn", 260, 2}, {"reserved4", 262, 42},
      {"isv_family_id", 304, 16}, {"report_data", 320, 64}};

  public static ObjectNode of(DcapVerification v) {
    Quote q = v.quote();
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    ObjectNode header = claims.putObject("header");
    header.put("version", Hex.encode(q.headerField(0, 2)));
    header.put("att_key_type", Hex.encode(q.headerField(2, 2)));
    if (q.version() == 3) {
      header.put("att_key_data_0", Hex.encode(q.headerField(4, 4)));
      header.put("qe_svn", Hex.encode(q.headerField(8, 2)));
      header.put("pce_svn", Hex.encode(q.headerField(10, 2)));
    } else {
      header.put("tee_type", Hex.encode(q.headerField(4, 4)));
      header.put("reserved", Hex.encode(q.headerField(8, 4)));
    }
    header.put("vendor_id", Hex.encode(q.headerField(12, 16)));
    header.put("user_data", Hex.encode(q.headerField(28, 20)));
    ObjectNode body = claims.putObject("body");
    for (Object[] f : BODY) {
      body.put((String) f[0], Hex.encode(q.bodyField((Integer) f[1], (Integer) f[2])));
    }
    claims.put("report_data", Hex.encode(q.reportData()));
    claims.put("init_data", Hex.encode(q.bodyField(SgxReport.CONFIG_ID, 64)));
    DcapClaims.supplemental(v, claims);
    return claims;
  }
}
