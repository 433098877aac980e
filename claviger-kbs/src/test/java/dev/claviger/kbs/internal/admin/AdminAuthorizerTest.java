package dev.claviger.kbs.internal.admin;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.claviger.kbs.internal.token.JwksSource;
import dev.claviger.kbs.testing.MutableClock;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAuthorizerTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);
  private final JwksSource jwks = new JwksSource(HttpClient.newHttpClient());
  @TempDir Path dir;

  private static final List<AdminPolicy.Acl> ACLS = List.of(
      new AdminPolicy.Acl("admin", Pattern.compile("^/kbs/v0/.+$")),
      new AdminPolicy.Acl("app1", Pattern.compile("^/kbs/v0/resource/app1/.+$")));

  private static String es256(KeyPair kp, String kid, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), claims);
    jwt.sign(new ECDSASigner((ECPrivateKey) kp.getPrivate()));
    return "Bearer " + jwt.serialize();
  }

  private static JWTClaimsSet claims(String role, String aud) {
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().claim("role", role).expirationTime(Date.from(NOW.plusSeconds(60)));
    return aud == null ? b.build() : b.audience(aud).build();
  }

  private static KeyPair ec() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  @Test
  void authorize_es256FromJwksFileWithAudience_regexAclApplies() throws Exception {
    KeyPair kp = ec();
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) kp.getPublic()).keyID("a").build()).toString());
    AdminAuthorizer auth = new AdminAuthorizer(new AdminPolicy(AdminPolicy.Mode.AUTHENTICATED_AUTHORIZATION,
        List.of(new AdminPolicy.IdentityProvider(Optional.empty(), Optional.of("kbs"), List.of(), Optional.of(file.toUri()))),
        ACLS), clock, jwks);
    String app1 = es256(kp, "a", claims("app1", "kbs"));
    assertThatCode(() -> auth.authorize("/kbs/v0/resource/app1/key/1", app1)).doesNotThrowAnyException();
    assertThatThrownBy(() -> auth.authorize("/kbs/v0/resource/app2/key/1", app1)).hasMessageContaining("not allowed");
    for (String sneaky : new String[] {"/kbs/v0/resource/app1/key/1/../../app2/x/y",
        "/kbs/v0/resource/app1/%2e%2e/app2/x", "/kbs/v0/resource/app1/a%2Fb/c", "/kbs/v0/resource/app1/./x/y"}) {
      assertThatThrownBy(() -> auth.authorize(sneaky, app1)).hasMessageContaining("not canonical");
    }
    assertThatThrownBy(() -> auth.authorize("/kbs/v0/resource-policy", es256(kp, "a", claims("admin", "other"))))
        .hasMessageContaining("iss/aud");
    assertThatThrownBy(() -> auth.authorize("/kbs/v0/resource-policy", es256(kp, "a", claims(null, "kbs"))))
        .hasMessageContaining("role");
  }

  @Test
  void authorize_rs256PemKey_accepted() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair kp = g.generateKeyPair();
    AdminAuthorizer auth = new AdminAuthorizer(new AdminPolicy(AdminPolicy.Mode.AUTHENTICATED_AUTHORIZATION,
        List.of(new AdminPolicy.IdentityProvider(Optional.empty(), Optional.empty(), List.of(kp.getPublic()), Optional.empty())),
        ACLS), clock, jwks);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims("admin", null));
    jwt.sign(new RSASSASigner(kp.getPrivate()));
    assertThatCode(() -> auth.authorize("/kbs/v0/resource-policy", "Bearer " + jwt.serialize())).doesNotThrowAnyException();
  }

  @Test
  void authorize_modes_denyAllAndAllowAll() {
    AdminAuthorizer deny = new AdminAuthorizer(AdminPolicy.denyAll(), clock, jwks);
    assertThatThrownBy(() -> deny.authorize("/kbs/v0/resource-policy", null)).hasMessageContaining("DenyAll");
    AdminAuthorizer allow = new AdminAuthorizer(
        new AdminPolicy(AdminPolicy.Mode.INSECURE_ALLOW_ALL, List.of(), List.of()), clock, jwks);
    assertThatCode(() -> allow.authorize("/kbs/v0/resource-policy", null)).doesNotThrowAnyException();
  }

  @Test
  void authorize_garbageHeaders_denied() throws Exception {
    AdminAuthorizer auth = new AdminAuthorizer(new AdminPolicy(AdminPolicy.Mode.AUTHENTICATED_AUTHORIZATION,
        List.of(new AdminPolicy.IdentityProvider(Optional.empty(), Optional.empty(), List.of(ec().getPublic()), Optional.empty())),
        ACLS), clock, jwks);
    for (String h : new String[] {null, "", "Basic abc", "Bearer ", "Bearer a.b.c", "Bearer " + "x".repeat(70_000)}) {
      assertThatThrownBy(() -> auth.authorize("/kbs/v0/resource-policy", h)).hasMessageContaining("Admin auth error");
    }
  }

  @Test
  void acl_unanchoredPattern_rejected() {
    assertThatThrownBy(() -> new AdminPolicy.Acl("admin", Pattern.compile("/kbs/v0/.*")))
        .hasMessageContaining("^/kbs");
  }
}
