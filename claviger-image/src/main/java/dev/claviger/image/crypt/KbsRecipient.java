package dev.claviger.image.crypt;

import dev.claviger.core.SecretBytes;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A layer key wrapped under a 32-byte key-encryption key that lives in a KBS as the resource
 * {@code kid} ({@code kbs:///repo/type/tag}). The layer gets a CoCo annotation packet (A256GCM) in
 * {@code org.opencontainers.image.enc.keys.provider.attestation-agent}; the guest's confidential
 * data hub fetches the KEK after attestation. Whoever builds the image must register {@link #kek()}
 * in the KBS under that path. Not a record: the KEK must not reach a generated {@code toString}.
 */
public final class KbsRecipient implements LayerRecipient {
  public static final int KEK_LENGTH = 32;
  private static final Pattern KID = Pattern.compile("kbs://[^/?#]*/[^/?#]+/[^/?#]+/[^/?#]+");

  private final String kid;
  private final SecretBytes kek;

  private KbsRecipient(String kid, SecretBytes kek) {
    this.kid = kid;
    this.kek = kek;
  }

  /** With a caller-supplied KEK (copied). */
  public static KbsRecipient of(String kid, SecretBytes kek) {
    Objects.requireNonNull(kek, "kek");
    if (kek.length() != KEK_LENGTH) {
      throw new IllegalArgumentException("KBS key-encryption key must be 32 bytes, got " + kek.length());
    }
    return new KbsRecipient(checkKid(kid), SecretBytes.copyOf(kek.toByteArray()));
  }

  /** With a fresh random KEK. */
  public static KbsRecipient generate(String kid, SecureRandom random) {
    return new KbsRecipient(checkKid(kid), SecretBytes.random(KEK_LENGTH, random));
  }

  private static String checkKid(String kid) {
    if (!KID.matcher(Objects.requireNonNull(kid, "kid")).matches()) {
      throw new IllegalArgumentException("KBS key id must look like kbs:///repo/type/tag: " + kid);
    }
    return kid;
  }

  /** The resource URI, e.g. {@code kbs:///default/image-key/app1}. */
  public String kid() {
    return kid;
  }

  /** The resource path part ({@code repo/type/tag}) for {@code POST /kbs/v0/resource/<path>}. */
  public String resourcePath() {
    return kid.substring(kid.indexOf('/', "kbs://".length()) + 1);
  }

  public SecretBytes kek() {
    return kek;
  }

  @Override
  public String toString() {
    return "KbsRecipient[" + kid + ", kek redacted]";
  }
}
