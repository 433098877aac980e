package dev.claviger.kbs.internal.admin;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.token.JwksSource;
import dev.claviger.kbs.internal.token.JwsSignatures;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides admin API calls: bearer JWT (EdDSA, ECDSA, RSA) from a configured identity provider,
 * {@code exp} required (60 s leeway), {@code iss}/{@code aud} when configured, then the
 * {@code role} claim against the regex ACL on the request path. Thread-safe.
 */
public final class AdminAuthorizer {
  private static final Duration LEEWAY = Duration.ofSeconds(60);
  private static final int MAX_TOKEN_CHARS = 64 * 1024;

  private final AdminPolicy policy;
  private final Clock clock;
  private final JwksSource jwks;

  public AdminAuthorizer(AdminPolicy policy, Clock clock, JwksSource jwks) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.jwks = Objects.requireNonNull(jwks, "jwks");
  }

  /**
   * @param path the request path, e.g. {@code /kbs/v0/resource/a/b/c}
   * @param authorization the {@code Authorization} header, or null
   * @throws KbsException {@code AdminAuthAccess} when the call is not allowed
   */
  public void authorize(String path, String authorization) throws KbsException {
    switch (policy.mode()) {
      case INSECURE_ALLOW_ALL -> {
        return;
      }
      case DENY_ALL -> throw deny("admin API is disabled (authorization_mode = DenyAll)");
      case AUTHENTICATED_AUTHORIZATION -> {
        String role = authenticate(authorization);
        if (!canonical(path)) {
          throw deny("request path is not canonical");
        }
        for (AdminPolicy.Acl acl : policy.acls()) {
          if (acl.role().equals(role) && acl.allowedEndpoints().matcher(path).matches()) {
            return;
          }
        }
        throw deny("role is not allowed to call " + path);
      }
    }
  }

  /** @return the verified token's role */
  private String authenticate(String authorization) throws KbsException {
    // The auth scheme is case-insensitive (RFC 9110 §11.1).
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw deny("missing bearer token");
    }
    String token = authorization.substring(7).trim();
    if (token.length() > MAX_TOKEN_CHARS) {
      throw deny("bearer token too large");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(token);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw deny("bearer token is not a signed JWT");
    }
    for (AdminPolicy.IdentityProvider idp : policy.identityProviders()) {
      if (signedBy(jwt, idp) && claimsMatch(claims, idp)) {
        Object role = claims.getClaim("role");
        if (!(role instanceof String r) || r.isEmpty()) {
          throw deny("token has no role claim");
        }
        return r;
      }
    }
    throw deny("token is not signed by a trusted identity provider, or is expired, or iss/aud mismatch");
  }

  private boolean signedBy(SignedJWT jwt, AdminPolicy.IdentityProvider idp) {
    for (PublicKey k : candidateKeys(jwt, idp)) {
      if (JwsSignatures.verify(jwt, k)) {
        return true;
      }
    }
    return false;
  }

  private List<PublicKey> candidateKeys(SignedJWT jwt, AdminPolicy.IdentityProvider idp) {
    List<PublicKey> keys = new ArrayList<>(idp.keys());
    Optional<JWKSet> set = idp.jwkSet().flatMap(jwks::load);
    if (set.isPresent()) {
      String kid = jwt.getHeader().getKeyID();
      for (JWK k : set.get().getKeys()) {
        if (kid == null || kid.equals(k.getKeyID())) {
          try {
            keys.add(JwsSignatures.publicKey(k));
          } catch (GeneralSecurityException e) {
            // an unusable key in the set cannot verify anything; skip it
          }
        }
      }
    }
    return keys;
  }

  private boolean claimsMatch(JWTClaimsSet c, AdminPolicy.IdentityProvider idp) {
    Instant now = clock.instant();
    Date exp = c.getExpirationTime();
    if (exp == null || now.isAfter(exp.toInstant().plus(LEEWAY))) {
      return false;
    }
    Date nbf = c.getNotBeforeTime();
    if (nbf != null && now.plus(LEEWAY).isBefore(nbf.toInstant())) {
      return false;
    }
    if (idp.issuer().isPresent() && !idp.issuer().get().equals(c.getIssuer())) {
      return false;
    }
    return idp.audience().isEmpty() || (c.getAudience() != null && c.getAudience().contains(idp.audience().get()));
  }

  /**
   * ACL regexes see the raw path, so {@code ^/kbs/v0/resource/app1/.+$} would also match
   * {@code /kbs/v0/resource/app1/../../app2/x}. Routing rejects such paths as well; refusing them
   * here keeps the ACL sound on its own.
   */
  static boolean canonical(String path) {
    String lower = path.toLowerCase(java.util.Locale.ROOT);
    if (!path.startsWith("/") || path.indexOf('\\') >= 0
        || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
      return false;
    }
    for (String seg : path.substring(1).split("/", -1)) {
      if (seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static KbsException deny(String why) {
    return new KbsException(ErrorType.ADMIN_AUTH_ACCESS, "Admin auth error: " + why);
  }
}
