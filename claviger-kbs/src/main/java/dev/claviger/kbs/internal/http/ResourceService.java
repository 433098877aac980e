package dev.claviger.kbs.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.SecretBytes;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.jwe.InvalidTeeKeyException;
import dev.claviger.kbs.internal.jwe.ResourceJwe;
import dev.claviger.kbs.internal.jwe.TeePublicKey;
import dev.claviger.kbs.internal.policy.ResourcePolicy;
import dev.claviger.kbs.internal.resource.ResourcePath;
import dev.claviger.kbs.internal.resource.ResourceVault;
import dev.claviger.kbs.internal.token.TokenVerifier;
import dev.claviger.kbs.internal.token.VerifiedToken;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Resource release: verify the token (every time, cookie or bearer), evaluate the resource
 * policy, read and unseal the resource, wrap it to the TEE key found in the token.
 */
public final class ResourceService {
  /** Upstream's tee-pubkey JSON pointers, tried after the configured extra ones. */
  public static final List<String> DEFAULT_TEE_KEY_POINTERS = List.of(
      "/tdx/attester_runtime_data/tee-pubkey",
      "/tdx/attester_user_data/tee-pubkey",
      "/customized_claims/runtime_data/tee-pubkey",
      "/submods/cpu0/ear.veraison.annotated-evidence/runtime_data_claims/tee-pubkey",
      "/tee-pubkey");

  private final TokenVerifier verifier;
  private final ResourcePolicy policy;
  private final ResourceVault vault;
  private final ResourceJwe jwe;
  private final List<String> teeKeyPointers;

  public ResourceService(TokenVerifier verifier, ResourcePolicy policy, ResourceVault vault,
      ResourceJwe jwe, List<String> extraTeeKeyPointers) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.vault = Objects.requireNonNull(vault, "vault");
    this.jwe = Objects.requireNonNull(jwe, "jwe");
    List<String> p = new ArrayList<>(extraTeeKeyPointers);
    p.addAll(DEFAULT_TEE_KEY_POINTERS);
    this.teeKeyPointers = List.copyOf(p);
  }

  /** @return the flattened JWE of the resource */
  public ObjectNode release(String token, ResourcePath path, Map<String, String> query) throws KbsException {
    VerifiedToken verified = verifier.verify(token);
    policy.check(verified.claims(), "resource", path.segments(), query);
    TeePublicKey key = teeKey(verified);
    try (SecretBytes secret = vault.get(path)) {
      return jwe.encrypt(key, secret.toByteArray()).toJson();
    } catch (GeneralSecurityException e) {
      throw new KbsException(ErrorType.JWE_ERROR, "JWE error: cannot wrap the resource to the TEE key", e);
    }
  }

  private TeePublicKey teeKey(VerifiedToken token) throws KbsException {
    JsonNode jwk = token.at(teeKeyPointers).orElseThrow(() -> new KbsException(
        ErrorType.JWE_ERROR, "JWE error: the token carries no tee-pubkey"));
    try {
      return TeePublicKey.parse(jwk);
    } catch (InvalidTeeKeyException e) {
      throw new KbsException(ErrorType.JWE_ERROR, "JWE error: " + e.getMessage());
    }
  }
}
