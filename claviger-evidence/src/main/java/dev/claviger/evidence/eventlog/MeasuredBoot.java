package dev.claviger.evidence.eventlog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.tpm.TpmError;
import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import dev.claviger.evidence.tpm.TpmRejectedException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Appraises an event log against quoted PCRs: replays every bank both carry and requires each PCR
 * the log extends and the quote covers to match. Then exposes the events of the matched PCRs as
 * claims; event data is marked {@code data_verified} only where its digest is the hash of the
 * data, and derived claims (secure boot, kernel command line) come only from such events.
 */
public final class MeasuredBoot {
  /** Event data above this size is summarised by its SHA-256 in claims. */
  static final int MAX_DATA_IN_CLAIMS = 4096;

  private MeasuredBoot() {}

  /**
   * @param quoted the quoted PCR values per bank (from a verified quote)
   * @return the {@code event_log} claims object
   * @throws TpmRejectedException replay disagrees with a quoted PCR, or no quoted PCR is covered
   */
  public static ObjectNode appraise(TcgEventLog log, Map<TpmHashAlg, Map<Integer, byte[]>> quoted)
      throws TpmRejectedException {
    TpmHashAlg claimBank = null;
    Set<Integer> matched = new TreeSet<>();
    for (TpmHashAlg alg : log.banks()) {
      Map<Integer, byte[]> q = quoted.get(alg);
      if (q == null) {
        continue;
      }
      Map<Integer, byte[]> replayed = log.replay(alg);
      for (Map.Entry<Integer, byte[]> e : replayed.entrySet()) {
        byte[] v = q.get(e.getKey());
        if (v == null) {
          continue;
        }
        if (!MessageDigest.isEqual(v, e.getValue())) {
          throw new TpmRejectedException(TpmError.EVENT_LOG_MISMATCH, "replaying the "
              + alg.label() + " bank gives PCR " + e.getKey() + " = "
              + HexFormat.of().formatHex(e.getValue()) + ", the quote says "
              + HexFormat.of().formatHex(v));
        }
        matched.add(e.getKey());
      }
      if (claimBank == null || alg == TpmHashAlg.SHA256) {
        claimBank = alg;
      }
    }
    if (claimBank == null || matched.isEmpty()) {
      throw new TpmRejectedException(TpmError.EVENT_LOG_MISMATCH,
          "the event log covers no quoted PCR in a quoted bank");
    }
    return claims(log, claimBank, matched);
  }

  private static ObjectNode claims(TcgEventLog log, TpmHashAlg bank, Set<Integer> matched)
      throws TpmFormatException {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("bank", bank.label());
    ArrayNode pcrs = out.putArray("verified_pcrs");
    matched.forEach(pcrs::add);
    ArrayNode events = out.putArray("events");
    ArrayNode apps = JsonNodeFactory.instance.arrayNode();
    for (TcgEvent e : log.events()) {
      if (!matched.contains(e.pcr()) || e.type() == EventTypes.EV_NO_ACTION) {
        continue;
      }
      boolean verified = e.dataMatchesDigest(bank);
      events.add(event(e, bank, verified));
      if (e.type() == EventTypes.EV_EFI_BOOT_SERVICES_APPLICATION) {
        apps.add(HexFormat.of().formatHex(e.digests().get(bank)));
      }
      if (verified) {
        EventData.derive(e, out);
      }
    }
    out.set("boot_applications", apps);
    return out;
  }

  private static ObjectNode event(TcgEvent e, TpmHashAlg bank, boolean verified) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("index", e.index());
    n.put("pcr", e.pcr());
    n.put("type", EventTypes.name(e.type()));
    n.put("type_value", e.type());
    n.put("digest", HexFormat.of().formatHex(e.digests().get(bank)));
    byte[] data = e.data();
    if (data.length <= MAX_DATA_IN_CLAIMS) {
      n.put("data", HexFormat.of().formatHex(data));
    } else {
      n.put("data_sha256", HexFormat.of().formatHex(TpmHashAlg.SHA256.digest(data)));
    }
    n.put("data_verified", verified);
    return n;
  }
}
