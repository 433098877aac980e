package dev.claviger.kbs.testing;

import dev.claviger.kbs.internal.admin.AdminPolicy;
import dev.claviger.kbs.internal.token.JwsSignatures;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Ed25519 admin tokens and the matching admin policy (role admin: all; role auditor: GET policy ids). */
public final class AdminTokens {
  public final KeyPair keys;

  public AdminTokens() {
    try {
      keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public AdminPolicy policy() {
    return new AdminPolicy(AdminPolicy.Mode.AUTHENTICATED_AUTHORIZATION,
        List.of(new AdminPolicy.IdentityProvider(Optional.of("test-issuer"), Optional.empty(),
            List.of(keys.getPublic()), Optional.empty())),
        List.of(new AdminPolicy.Acl("admin", Pattern.compile("^/kbs/v0/.+$")),
            new AdminPolicy.Acl("auditor", Pattern.compile("^/kbs/v0/resource-policy$"))));
  }

  public String token(String role, Instant exp) {
    return token(role, exp, "test-issuer");
  }

  public String token(String role, Instant exp, String issuer) {
    try {
      String claims = "{\"iss\":\"" + issuer + "\",\"role\":\"" + role + "\",\"exp\":" + exp.getEpochSecond() + "}";
      return JwsSignatures.signEd25519(keys.getPrivate(), claims);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
