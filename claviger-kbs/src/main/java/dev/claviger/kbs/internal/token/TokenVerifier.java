package dev.claviger.kbs.internal.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import dev.claviger.kbs.internal.json.KbsJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies attestation tokens (EAR JWTs) as upstream {@code kbs/src/crypto/jwt.rs}: key from the
 * header {@code jwk} endorsed by an {@code x5c} chain to a trusted certificate (or trusted
 * directly), else by {@code kid} from a trusted JWKS, else each configured key; then signature,
 * then {@code exp} (required, 60 s leeway) and {@code nbf}. Runs on every resource request.
 *
 * <p>Thread-safe.
 */
public final class TokenVerifier {
  public static final Duration LEEWAY = Duration.ofSeconds(60);
  /** Bearer tokens above this are rejected before parsing (upstream's HTTP head limit is 128 KiB). */
  public static final int MAX_TOKEN_CHARS = 256 * 1024;

  private final TokenTrust trust;
  private final Clock clock;
  private final JwksSource jwks;
  private final Set<TrustAnchor> anchors;

  public TokenVerifier(TokenTrust trust, Clock clock, HttpClient http) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.jwks = new JwksSource(http);
    Set<TrustAnchor> a = new HashSet<>();
    for (X509Certificate c : trust.trustedCerts()) {
      a.add(new TrustAnchor(c, null));
    }
    this.anchors = Set.copyOf(a);
  }

  public VerifiedToken verify(String token) throws KbsException {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      throw fail("token is empty or larger than " + MAX_TOKEN_CHARS + " characters");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw fail("not a signed JWT");
    }
    if (!JwsSignatures.ACCEPTED.contains(jwt.getHeader().getAlgorithm())) {
      throw fail("algorithm " + jwt.getHeader().getAlgorithm() + " is not accepted");
    }
    if (!signatureTrusted(jwt)) {
      throw fail("signature is not from a trusted key");
    }
    return checkClaims(jwt);
  }

  private boolean signatureTrusted(SignedJWT jwt) throws KbsException {
    JWSHeader h = jwt.getHeader();
    if (h.getJWK() != null) {
      PublicKey headerKey = headerKey(h.getJWK());
      if (trust.insecureHeaderJwk() || directlyTrusted(headerKey) || endorsedByChain(h, headerKey)) {
        return JwsSignatures.verify(jwt, headerKey);
      }
      throw fail("header jwk is neither trusted nor endorsed by an x5c chain to trusted_certs_paths");
    }
    if (h.getKeyID() != null) {
      for (URI uri : trust.jwkSets()) {
        Optional<JWKSet> set = jwks.load(uri);
        JWK key = set.map(s -> s.getKeyByKeyId(h.getKeyID())).orElse(null);
        if (key != null) {
          return JwsSignatures.verify(jwt, headerKey(key));
        }
      }
    }
    for (PublicKey k : trust.trustedKeys()) {
      if (JwsSignatures.verify(jwt, k)) {
        return true;
      }
    }
    return false;
  }

  private static PublicKey headerKey(JWK jwk) throws KbsException {
    if (jwk.isPrivate()) {
      throw fail("header jwk must not carry private key material");
    }
    try {
      return JwsSignatures.publicKey(jwk);
    } catch (GeneralSecurityException e) {
      throw fail("header jwk unusable: " + e.getMessage());
    }
  }

  private boolean directlyTrusted(PublicKey key) {
    for (PublicKey k : trust.trustedKeys()) {
      if (Arrays.equals(k.getEncoded(), key.getEncoded())) {
        return true;
      }
    }
    return false;
  }

  /** x5c[0] must carry the header key and chain (in any order) to a trusted certificate. */
  private boolean endorsedByChain(JWSHeader h, PublicKey headerKey) throws KbsException {
    List<Base64> x5c = h.getX509CertChain();
    if (x5c == null || x5c.isEmpty() || anchors.isEmpty()) {
      return false;
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      for (Base64 b : x5c) {
        chain.add(Pem.certificate(b.decode()));
      }
    } catch (GeneralSecurityException e) {
      throw fail("x5c holds an unparsable certificate");
    }
    X509Certificate leaf = chain.get(0);
    if (!Arrays.equals(leaf.getPublicKey().getEncoded(), headerKey.getEncoded())) {
      throw fail("x5c[0] does not hold the header jwk");
    }
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, target);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
      CertPathBuilder.getInstance("PKIX").build(params);
      return true;
    } catch (GeneralSecurityException e) {
      throw fail("x5c chain does not validate to a trusted certificate");
    }
  }

  private VerifiedToken checkClaims(SignedJWT jwt) throws KbsException {
    JsonNode claims;
    try {
      claims = KbsJson.mapper().readTree(jwt.getPayload().toString());
    } catch (IOException e) {
      throw fail("claims are not JSON");
    }
    if (claims == null || !claims.isObject()) {
      throw fail("claims are not a JSON object");
    }
    Instant now = clock.instant();
    JsonNode exp = claims.get("exp");
    if (exp == null || !exp.canConvertToLong()) {
      throw fail("exp claim is required");
    }
    Instant expiresAt = Instant.ofEpochSecond(exp.asLong());
    if (now.isAfter(expiresAt.plus(LEEWAY))) {
      throw fail("token expired at " + expiresAt);
    }
    JsonNode nbf = claims.get("nbf");
    if (nbf != null && (!nbf.canConvertToLong() || now.plus(LEEWAY).isBefore(Instant.ofEpochSecond(nbf.asLong())))) {
      throw fail("token not valid yet");
    }
    return new VerifiedToken(claims, expiresAt);
  }

  private static KbsException fail(String why) {
    return new KbsException(ErrorType.TOKEN_VERIFIER_ERROR, "Token verification failed: " + why);
  }
}
