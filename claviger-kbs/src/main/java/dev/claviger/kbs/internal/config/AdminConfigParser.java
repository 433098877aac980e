package dev.claviger.kbs.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.kbs.internal.admin.AdminPolicy;
import dev.claviger.kbs.internal.token.Pem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code [admin]} (upstream's Oct 2025 shape). Absent means deny all. */
final class AdminConfigParser {
  private AdminConfigParser() {}

  static AdminPolicy parse(JsonNode admin) {
    if (admin == null) {
      return AdminPolicy.denyAll();
    }
    ServerConfigParser.Toml t = new ServerConfigParser.Toml(admin, "admin");
    if (admin.has("auth_public_key") || admin.has("insecure_api")) {
      throw new IllegalArgumentException("admin.auth_public_key/insecure_api (pre-0.18 form) are not supported; "
          + "use authorization_mode with [admin.authentication.bearer_jwt] and [admin.authorization.regex_acl]");
    }
    t.only(Set.of("authorization_mode", "authentication", "authorization"));
    ServerConfigParser.Toml bearer = t.table("authentication").table("bearer_jwt");
    bearer.only(Set.of("identity_providers"));
    ServerConfigParser.Toml acl = t.table("authorization").table("regex_acl");
    acl.only(Set.of("acls"));
    List<AdminPolicy.IdentityProvider> idps = identityProviders(bearer.node().get("identity_providers"));
    String defaultMode = idps.isEmpty() ? "DenyAll" : "AuthenticatedAuthorization";
    AdminPolicy.Mode mode = AdminPolicy.Mode.fromWire(t.string("authorization_mode").orElse(defaultMode));
    return new AdminPolicy(mode, idps, acls(acl.node().get("acls")));
  }

  private static List<AdminPolicy.IdentityProvider> identityProviders(JsonNode arr) {
    List<AdminPolicy.IdentityProvider> out = new ArrayList<>();
    if (arr == null) {
      return out;
    }
    for (JsonNode n : arr) {
      ServerConfigParser.Toml idp = new ServerConfigParser.Toml(n, "admin.authentication.bearer_jwt.identity_providers");
      idp.only(Set.of("issuer", "audience", "public_key_uri", "jwk_set_uri"));
      List<PublicKey> keys = new ArrayList<>();
      Optional<String> pem = idp.string("public_key_uri").filter(s -> !s.isEmpty());
      if (pem.isPresent()) {
        keys.addAll(publicKeys(pem.get()));
      }
      Optional<URI> jwks = idp.string("jwk_set_uri").filter(s -> !s.isEmpty()).map(AdminConfigParser::uri);
      out.add(new AdminPolicy.IdentityProvider(
          idp.string("issuer").filter(s -> !s.isEmpty()),
          idp.string("audience").filter(s -> !s.isEmpty()),
          keys, jwks));
    }
    return out;
  }

  private static List<AdminPolicy.Acl> acls(JsonNode arr) {
    List<AdminPolicy.Acl> out = new ArrayList<>();
    if (arr == null) {
      return out;
    }
    for (JsonNode n : arr) {
      ServerConfigParser.Toml a = new ServerConfigParser.Toml(n, "admin.authorization.regex_acl.acls");
      a.only(Set.of("role", "allowed_endpoints"));
      String role = a.string("role").orElseThrow(() -> new IllegalArgumentException("acl entry needs role"));
      String re = a.string("allowed_endpoints")
          .orElseThrow(() -> new IllegalArgumentException("acl entry needs allowed_endpoints"));
      out.add(new AdminPolicy.Acl(role, Pattern.compile(re)));
    }
    return out;
  }

  /** {@code file://} URI or a local path to PEM public keys. */
  private static List<PublicKey> publicKeys(String location) {
    if (location.startsWith("https://") || location.startsWith("http://")) {
      throw new IllegalArgumentException("public_key_uri must be a local file; use jwk_set_uri for remote keys");
    }
    Path p = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
    try {
      List<PublicKey> keys = new ArrayList<>();
      for (Pem.Block b : Pem.blocks(Files.readString(p))) {
        if (b.label().equals("PUBLIC KEY")) {
          keys.add(Pem.publicKey(b.der()));
        } else if (b.label().equals("CERTIFICATE")) {
          keys.add(Pem.certificate(b.der()).getPublicKey());
        }
      }
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("no PUBLIC KEY in " + p);
      }
      return keys;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read admin public key " + p + ": " + e.getMessage(), e);
    }
  }

  private static URI uri(String s) {
    URI u = s.startsWith("/") ? Path.of(s).toUri() : URI.create(s);
    if (!"file".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw new IllegalArgumentException("jwk_set_uri must be file:// or https://: " + s);
    }
    return u;
  }
}
