package dev.claviger.kbs.internal.config;

import dev.claviger.core.SecretBytes;
import dev.claviger.kbs.internal.admin.AdminPolicy;
import dev.claviger.kbs.internal.token.JwsSignatures;
import dev.claviger.kbs.internal.token.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Key files the all-in-one server keeps in its data directory when the configuration does not
 * name them: the session key, the EAR signing key, and the bootstrap admin key and token. Files
 * are created 0600 with create-new semantics, so two replicas starting together on a shared
 * directory cannot both write one.
 */
public final class DataDirKeys {
  public static final String SESSION_KEY = "session.key";
  public static final String AS_SIGNING_KEY = "as-signing-key.pem";
  public static final String ADMIN_KEY = "admin-key.pem";
  public static final String ADMIN_PUBLIC_KEY = "admin-key.pub.pem";
  public static final String ADMIN_TOKEN = "admin-token";
  public static final String ADMIN_ISSUER = "claviger";
  public static final String ADMIN_AUDIENCE = "claviger-kbs";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private DataDirKeys() {}

  /**
   * The session keys: one base64 32-byte key per line in {@code file} (the first seals, all open,
   * for rotation), or a raw 32-byte file. Created with one fresh key when absent.
   */
  public static List<SecretBytes> sessionKeys(Path file, SecureRandom random) throws IOException {
    if (!Files.exists(file)) {
      byte[] k = new byte[32];
      random.nextBytes(k);
      writeSecret(file, (Base64.getEncoder().encodeToString(k) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    requireOwnerOnly(file);
    byte[] raw = Files.readAllBytes(file);
    if (raw.length == 32) {
      return List.of(SecretBytes.wrapOwned(raw));
    }
    List<SecretBytes> keys = new java.util.ArrayList<>();
    for (String line : new String(raw, StandardCharsets.US_ASCII).split("\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(t);
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": each line must be a base64 32-byte key");
      }
      if (key.length != 32) {
        throw new IOException(file + ": session keys must be 32 bytes");
      }
      keys.add(SecretBytes.wrapOwned(key));
    }
    if (keys.isEmpty()) {
      throw new IOException(file + ": no session key");
    }
    return keys;
  }

  /** A P-256 PKCS#8 PEM key for the EAR signer, created when absent. */
  public static Path asSigningKey(Path file) throws IOException, GeneralSecurityException {
    if (!Files.exists(file)) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      writeSecret(file, Pem.encode("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded())
          .getBytes(StandardCharsets.US_ASCII));
    }
    requireOwnerOnly(file);
    return file;
  }

  /**
   * Bootstrap admin: an Ed25519 key pair and a signed token (role {@code admin}) in the data
   * directory, and the matching admin policy. Reuses an existing key; re-signs the token only
   * when the token file is absent.
   */
  public static AdminPolicy bootstrapAdmin(Path dataDir, Duration validity, Clock clock)
      throws IOException, GeneralSecurityException {
    Path priv = dataDir.resolve(ADMIN_KEY);
    Path pub = dataDir.resolve(ADMIN_PUBLIC_KEY);
    if (!Files.exists(priv)) {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      writeSecret(priv, Pem.encode("PRIVATE KEY", kp.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
      Files.writeString(pub, Pem.encode("PUBLIC KEY", kp.getPublic().getEncoded()));
    }
    requireOwnerOnly(priv);
    PrivateKey signing = Pem.privateKey(Pem.blocks(Files.readString(priv)).get(0).der());
    PublicKey verifying = Pem.publicKey(Pem.blocks(Files.readString(pub)).get(0).der());
    Path token = dataDir.resolve(ADMIN_TOKEN);
    if (!Files.exists(token)) {
      Instant now = clock.instant();
      String claims = "{\"iss\":\"" + ADMIN_ISSUER + "\",\"sub\":\"admin\",\"aud\":[\"" + ADMIN_AUDIENCE
          + "\"],\"role\":\"admin\",\"iat\":" + now.getEpochSecond()
          + ",\"exp\":" + now.plus(validity).getEpochSecond() + "}";
      writeSecret(token, (JwsSignatures.signEd25519(signing, claims) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    return new AdminPolicy(
        AdminPolicy.Mode.AUTHENTICATED_AUTHORIZATION,
        List.of(new AdminPolicy.IdentityProvider(
            Optional.of(ADMIN_ISSUER), Optional.of(ADMIN_AUDIENCE), List.of(verifying), Optional.empty())),
        List.of(new AdminPolicy.Acl("admin", Pattern.compile("^/kbs/v0/.+$"))));
  }

  /**
   * Writes a new 0600 file atomically and without replacing: the content goes to a temporary
   * file that is then hard-linked into place, so a replica starting at the same moment either
   * sees no file or the complete one, and the first writer wins.
   */
  private static void writeSecret(Path file, byte[] content) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      Files.write(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException e) {
      // another replica won the race; use its file
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void requireOwnerOnly(Path file) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (!p.name().startsWith("OWNER")) {
          throw new IOException(file + " is accessible to group/others (" + PosixFilePermissions.toString(perms)
              + "); chmod 600 it");
        }
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to check
    }
  }
}
