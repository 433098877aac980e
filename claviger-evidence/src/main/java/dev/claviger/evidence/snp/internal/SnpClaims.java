package dev.claviger.evidence.snp.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.snp.SnpReport;
import dev.claviger.evidence.snp.TcbVersion;

/** The claims upstream's SNP verifier emits ({@code parse_tee_evidence}), with the same names. */
public final class SnpClaims {
  private SnpClaims() {}

  public static ObjectNode of(SnpReport r, TcbVersion reportedTcb) {
    long policy = r.policy();
    long plat = r.platformInfo();
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("policy_abi_major", (int) (policy >>> 8) & 0xFF);
    c.put("policy_abi_minor", (int) policy & 0xFF);
    c.put("policy_smt_allowed", bit(policy, 16));
    c.put("policy_migrate_ma", bit(policy, 18));
    c.put("policy_debug_allowed", bit(policy, 19));
    c.put("policy_single_socket", bit(policy, 20));
    c.put("reported_tcb_bootloader", reportedTcb.bootloader());
    c.put("reported_tcb_tee", reportedTcb.tee());
    c.put("reported_tcb_snp", reportedTcb.snp());
    c.put("reported_tcb_microcode", reportedTcb.microcode());
    c.put("platform_tsme_enabled", bit(plat, 1));
    c.put("platform_smt_enabled", bit(plat, 0));
    c.put("measurement", Hex.encode(r.measurement()));
    c.put("report_data", Hex.encode(r.reportData()));
    c.put("init_data", Hex.encode(r.hostData()));
    c.put("chip_id", Hex.encode(r.chipId()));
    return c;
  }

  private static boolean bit(long v, int i) {
    return (v >>> i & 1) == 1;
  }
}
