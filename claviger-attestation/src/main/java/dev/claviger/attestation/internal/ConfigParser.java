package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.attestation.AttestationConfig;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.SignerConfig;
import dev.claviger.attestation.TokenBrokerConfig;
import dev.claviger.evidence.VerifierConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads upstream-shaped Attestation Service configuration; see {@link AttestationConfig#fromJson}. */
public final class ConfigParser {
  private static final Set<String> BROKER_KEYS = Set.of("duration_min", "issuer_name",
      "developer_name", "build_name", "profile_name", "verbose_token", "signer");
  private static final Set<String> SIGNER_KEYS = Set.of("key_path", "cert_path", "cert_url");

  private ConfigParser() {}

  public static AttestationConfig parse(JsonNode node) throws AttestationException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return AttestationConfig.defaults();
    }
    requireObject(node, "attestation service configuration");
    AttestationConfig config = AttestationConfig.defaults();
    try {
      JsonNode broker = node.get("attestation_token_broker");
      if (broker != null) {
        config = config.withTokenBroker(broker(broker));
      }
      JsonNode verifiers = node.get("verifier_config");
      if (verifiers != null && !verifiers.isNull()) {
        config = config.withVerifiers(verifiers(verifiers));
      }
      JsonNode days = node.get("reference_value_lifetime_days");
      if (days != null) {
        config = config.withReferenceValueLifetime(Duration.ofDays(positiveInt(days,
            "reference_value_lifetime_days")));
      }
    } catch (IllegalArgumentException e) {
      throw new AttestationException("invalid attestation configuration: " + e.getMessage(), e);
    }
    return config;
  }

  private static TokenBrokerConfig broker(JsonNode b) throws AttestationException {
    requireObject(b, "attestation_token_broker");
    rejectUnknown(b, BROKER_KEYS, "attestation_token_broker");
    TokenBrokerConfig d = TokenBrokerConfig.defaults();
    Optional<SignerConfig> signer = d.signer();
    JsonNode s = b.get("signer");
    if (s != null && !s.isNull()) {
      signer = Optional.of(signer(s));
    }
    return new TokenBrokerConfig(
        b.has("duration_min") ? positiveInt(b.get("duration_min"), "duration_min") : d.durationMin(),
        text(b, "issuer_name", d.issuerName()),
        text(b, "developer_name", d.developerName()),
        text(b, "build_name", d.buildName()),
        text(b, "profile_name", d.profileName()),
        bool(b, "verbose_token", d.verboseToken()),
        signer);
  }

  private static SignerConfig signer(JsonNode s) throws AttestationException {
    requireObject(s, "attestation_token_broker.signer");
    rejectUnknown(s, SIGNER_KEYS, "attestation_token_broker.signer");
    String key = text(s, "key_path", null);
    if (key == null || key.isEmpty()) {
      throw new AttestationException("attestation_token_broker.signer.key_path is required");
    }
    String cert = text(s, "cert_path", null);
    String url = text(s, "cert_url", null);
    return new SignerConfig(Path.of(key), Optional.ofNullable(cert).map(Path::of),
        Optional.ofNullable(url));
  }

  private static VerifierConfig verifiers(JsonNode v) throws AttestationException {
    requireObject(v, "verifier_config");
    VerifierConfig config = VerifierConfig.defaults();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("allow_insecure_sample")) {
        if (!e.getValue().isBoolean()) {
          throw new AttestationException("verifier_config.allow_insecure_sample must be a boolean");
        }
        if (e.getValue().booleanValue()) {
          config = config.allowInsecureSample();
        }
      } else {
        config = config.withOptions(e.getKey(), e.getValue());
      }
    }
    return config;
  }

  private static void requireObject(JsonNode n, String what) throws AttestationException {
    if (!n.isObject()) {
      throw new AttestationException(what + " must be an object");
    }
  }

  private static void rejectUnknown(JsonNode n, Set<String> known, String where)
      throws AttestationException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!known.contains(k)) {
        throw new AttestationException("unknown setting " + where + "." + k);
      }
    }
  }

  private static String text(JsonNode n, String key, String dflt) throws AttestationException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isTextual()) {
      throw new AttestationException(key + " must be a string");
    }
    return v.textValue();
  }

  private static boolean bool(JsonNode n, String key, boolean dflt) throws AttestationException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      throw new AttestationException(key + " must be a boolean");
    }
    return v.booleanValue();
  }

  private static int positiveInt(JsonNode v, String key) throws AttestationException {
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() <= 0) {
      throw new AttestationException(key + " must be a positive integer");
    }
    return v.intValue();
  }
}
