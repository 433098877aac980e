package dev.claviger.evidence.tpm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.tpm.AkTrust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TPM verifier option block ({@code tpm_verifier}, {@code az_vtpm_verifier}):
 * <pre>
 * { "ak_anchors_dir": "/etc/claviger/tpm-ak",        CA certs (+ .pub AK keys)
 *   "trusted_ak_keys_dir": "/etc/tpm/trusted_ak_keys", upstream's: .pub PEM AK keys
 *   "trusted_ak_keys": ["&lt;std base64 DER SPKI or PEM&gt;"],
 *   "defer_ak_trust_to_policy": false,                 INSECURE unless the policy checks ak_public
 *   "require_event_log": false,
 *   "allow_unverified_hardware_report": false }        az-*: see the azure package
 * </pre>
 * Unknown members are a configuration error. Parsed blocks are cached (directories are read once).
 */
public record TpmSettings(AkTrust akTrust, boolean requireEventLog,
    boolean allowUnverifiedHardwareReport) {

  static final Set<String> KEYS = Set.of("ak_anchors_dir", "trusted_ak_keys_dir",
      "trusted_ak_keys", "defer_ak_trust_to_policy", "require_event_log",
      "allow_unverified_hardware_report");
  private static final int CACHE_MAX = 16;
  private static final Map<JsonNode, TpmSettings> CACHE = new ConcurrentHashMap<>();
  private static final TpmSettings DEFAULTS = new TpmSettings(AkTrust.none(), false, false);

  public static TpmSettings from(Optional<JsonNode> block) throws EvidenceException {
    if (block.isEmpty()) {
      return DEFAULTS;
    }
    TpmSettings cached = CACHE.get(block.get());
    if (cached != null) {
      return cached;
    }
    TpmSettings s = parse(block.get());
    if (CACHE.size() < CACHE_MAX) {
      CACHE.put(block.get(), s);
    }
    return s;
  }

  static TpmSettings parse(JsonNode n) throws EvidenceException {
    if (!n.isObject()) {
      throw new EvidenceException("TPM verifier options must be a JSON object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new EvidenceException("unknown TPM verifier option '" + k + "' (known: "
            + new java.util.TreeSet<>(KEYS) + ")");
      }
    }
    AkTrust trust = AkTrust.none();
    for (String dirKey : List.of("ak_anchors_dir", "trusted_ak_keys_dir")) {
      if (n.hasNonNull(dirKey)) {
        trust = trust.with(AkTrust.fromDirectory(Path.of(text(n, dirKey))));
      }
    }
    if (n.has("trusted_ak_keys")) {
      trust = trust.withKeys(keys(n.get("trusted_ak_keys")));
    }
    if (bool(n, "defer_ak_trust_to_policy")) {
      trust = trust.deferringToPolicy();
    }
    return new TpmSettings(trust, bool(n, "require_event_log"),
        bool(n, "allow_unverified_hardware_report"));
  }

  private static List<PublicKey> keys(JsonNode arr) throws EvidenceException {
    if (!arr.isArray() || arr.size() > AkAnchorLoader.MAX_FILES) {
      throw new EvidenceException("trusted_ak_keys must be an array of at most "
          + AkAnchorLoader.MAX_FILES + " keys");
    }
    List<PublicKey> out = new ArrayList<>();
    for (JsonNode k : arr) {
      if (!k.isTextual()) {
        throw new EvidenceException("trusted_ak_keys entries must be strings");
      }
      String t = k.textValue();
      byte[] data;
      try {
        data = t.contains("BEGIN") ? t.getBytes(StandardCharsets.US_ASCII) : Base64s.decodeStd(t);
      } catch (MalformedInputException e) {
        throw new EvidenceException("trusted_ak_keys: " + e.getMessage());
      }
      out.add(AkAnchorLoader.publicKey(data, "trusted_ak_keys"));
    }
    return out;
  }

  private static String text(JsonNode n, String key) throws EvidenceException {
    JsonNode v = n.get(key);
    if (!v.isTextual() || v.textValue().isBlank()) {
      throw new EvidenceException(key + " must be a non-empty string");
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode n, String key) throws EvidenceException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new EvidenceException(key + " must be true or false");
    }
    return v.booleanValue();
  }
}
