package dev.claviger.evidence.dcap.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Hex;
import dev.claviger.evidence.dcap.DcapVerification;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The claims upstream derives from Intel QVL's supplemental data, under the same names and types
 * ({@code tcb_status}, {@code collateral_expiration_status} as a string, dates as RFC 3339, ...).
 */
public final class DcapClaims {
  private DcapClaims() {}

  /** Adds the supplemental claims of {@code v} to {@code claims}. */
  public static void supplemental(DcapVerification v, ObjectNode claims) {
    PckExtensions ext = v.pck().extensions();
    claims.put("earliest_issue_date", rfc3339(v.earliestIssue()));
    claims.put("latest_issue_date", rfc3339(v.latestIssue()));
    claims.put("earliest_expiration_date", rfc3339(v.earliestExpiry()));
    v.pckCrlNumber().ifPresent(n -> claims.put("pck_crl_num", n));
    v.rootCrlNumber().ifPresent(n -> claims.put("root_ca_crl_num", n));
    v.tcbEvaluationDataNumber().ifPresent(n -> claims.put("tcb_eval_num", n));
    claims.put("platform_provider_id", Hex.encode(ext.ppid()));
    claims.put("sgx_type", switch (ext.sgxType()) {
      case 0 -> "Standard";
      case 1 -> "Scalable";
      case 2 -> "Scalable with Integrity";
      default -> "Unknown (" + ext.sgxType() + ")";
    });
    if (ext.sgxType() > 0) {
      claims.put("is_dynamic_platform", ext.dynamicPlatform().orElse(false));
      claims.put("is_cached_keys", ext.cachedKeys().orElse(false));
      claims.put("is_smt_enabled", ext.smtEnabled().orElse(false));
    }
    ext.platformInstanceId().ifPresent(id -> claims.put("platform_instance_id", Hex.encode(id)));
    claims.put("root_key_id", rootKeyId(v.pck()));
    v.tcb().ifPresent(t -> {
      claims.put("tcb_status", t.status().wireName());
      claims.put("tcb_date", rfc3339(t.tcbDate()));
      ArrayNode a = claims.putArray("advisory_ids");
      t.advisoryIds().forEach(a::add);
    });
    claims.put("collateral_expiration_status", v.collateralExpired() ? "1" : "0");
  }

  /** Intel's root key id: SHA-384 of the root's uncompressed EC point (04 || x || y). */
  static String rootKeyId(PckChain chain) {
    ECPublicKey k = (ECPublicKey) chain.root().getPublicKey();
    byte[] point = new byte[65];
    point[0] = 4;
    put(k.getW().getAffineX(), point, 1);
    put(k.getW().getAffineY(), point, 33);
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-384").digest(point));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(java.math.BigInteger v, byte[] out, int off) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, 32);
    System.arraycopy(b, b.length - len, out, off + 32 - len, len);
  }

  static String rfc3339(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Lowercase hex of {@code b}. */
  public static String hex(byte[] b) {
    return Hex.encode(b);
  }
}
