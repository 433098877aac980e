package dev.claviger.evidence.snp.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.snp.ProcessorGeneration;
import dev.claviger.evidence.snp.SnpCertEntry;
import dev.claviger.evidence.snp.SnpReport;
import dev.claviger.evidence.snp.TcbVersion;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Writes evidence in upstream's JSON form (the sev crate's serde output), for the guest side and
 * for tests. TCB values use the layout of the CPUID generation, or Milan's for a v2 report.
 */
public final class EvidenceJsonWriter {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private EvidenceJsonWriter() {}

  public static ObjectNode write(SnpReport r, Optional<List<SnpCertEntry>> chain) {
    ObjectNode out = F.objectNode();
    out.set("attestation_report", report(r));
    if (chain.isPresent()) {
      ArrayNode a = out.putArray("cert_chain");
      for (SnpCertEntry e : chain.get()) {
        ObjectNode o = a.addObject();
        if (e.type() == SnpCertEntry.Type.OTHER) {
          o.putObject("cert_type").put("OTHER", e.otherGuid().orElse(""));
        } else {
          o.put("cert_type", e.type() == SnpCertEntry.Type.EMPTY ? "Empty" : e.type().name());
        }
        o.set("data", bytes(e.data()));
      }
    } else {
      out.putNull("cert_chain");
    }
    return out;
  }

  private static ObjectNode report(SnpReport r) {
    ProcessorGeneration layout = r.cpuidGeneration().orElse(ProcessorGeneration.MILAN);
    ObjectNode o = F.objectNode();
    o.put("version", r.version());
    o.put("guest_svn", r.guestSvn());
    o.put("policy", unsigned(r.policy()));
    o.set("family_id", bytes(r.familyId()));
    o.set("image_id", bytes(r.imageId()));
    o.put("vmpl", r.vmpl());
    o.put("sig_algo", r.signatureAlgorithm());
    o.set("current_tcb", tcb(r.currentTcbRaw(), layout));
    o.put("plat_info", unsigned(r.platformInfo()));
    o.put("key_info", r.keyInfo());
    o.set("report_data", bytes(r.reportData()));
    o.set("measurement", bytes(r.measurement()));
    o.set("host_data", bytes(r.hostData()));
    o.set("id_key_digest", bytes(r.idKeyDigest()));
    o.set("author_key_digest", bytes(r.authorKeyDigest()));
    o.set("report_id", bytes(r.reportId()));
    o.set("report_id_ma", bytes(r.reportIdMa()));
    o.set("reported_tcb", tcb(r.reportedTcbRaw(), layout));
    String[] cpuidNames = {"cpuid_fam_id", "cpuid_mod_id", "cpuid_step"};
    int[] cpuid = r.cpuid().orElse(null);
    for (int i = 0; i < 3; i++) {
      if (cpuid == null) {
        o.putNull(cpuidNames[i]);
      } else {
        o.put(cpuidNames[i], cpuid[i]);
      }
    }
    o.set("chip_id", bytes(r.chipId()));
    o.set("committed_tcb", tcb(r.committedTcbRaw(), layout));
    o.set("current", version(r.currentVersion()));
    o.set("committed", version(r.committedVersion()));
    o.set("launch_tcb", tcb(r.launchTcbRaw(), layout));
    putOptional(o, "launch_mit_vector", r.launchMitVector());
    putOptional(o, "current_mit_vector", r.currentMitVector());
    ObjectNode sig = o.putObject("signature");
    sig.set("r", bytes(r.signatureR()));
    sig.set("s", bytes(r.signatureS()));
    return o;
  }

  private static void putOptional(ObjectNode o, String name, Optional<Long> v) {
    if (v.isPresent()) {
      o.put(name, unsigned(v.get()));
    } else {
      o.putNull(name);
    }
  }

  private static ObjectNode tcb(long raw, ProcessorGeneration layout) {
    TcbVersion t = TcbVersion.decode(raw, layout);
    ObjectNode o = F.objectNode();
    if (t.fmc().isPresent()) {
      o.put("fmc", t.fmc().getAsInt());
    } else {
      o.putNull("fmc");
    }
    o.put("bootloader", t.bootloader());
    o.put("tee", t.tee());
    o.put("snp", t.snp());
    o.put("microcode", t.microcode());
    return o;
  }

  private static ObjectNode version(int[] v) {
    ObjectNode o = F.objectNode();
    o.put("major", v[0]);
    o.put("minor", v[1]);
    o.put("build", v[2]);
    return o;
  }

  private static ArrayNode bytes(byte[] b) {
    ArrayNode a = F.arrayNode(b.length);
    for (byte x : b) {
      a.add(x & 0xFF);
    }
    return a;
  }

  private static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }
}
