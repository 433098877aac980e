package dev.claviger.image.oci;

import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A registry user name and password. The password is held in {@link SecretBytes} and never
 * printed; {@link #toString()} shows only the user.
 */
public final class RegistryCredentials {
  private final String username;
  private final SecretBytes password;

  private RegistryCredentials(String username, SecretBytes password) {
    this.username = username;
    this.password = password;
  }

  public static RegistryCredentials of(String username, char[] password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isEmpty() || username.indexOf(':') >= 0) {
      throw new IllegalArgumentException("username must be non-empty and contain no ':'");
    }
    // encode without an intermediate String, which could not be wiped
    java.nio.ByteBuffer buf = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
    byte[] pw = new byte[buf.remaining()];
    buf.get(pw);
    if (buf.hasArray()) {
      java.util.Arrays.fill(buf.array(), (byte) 0);
    }
    return new RegistryCredentials(username, SecretBytes.wrapOwned(pw));
  }

  /** Parses {@code user:password} (the password may contain ':'). */
  public static RegistryCredentials parse(String userColonPassword) {
    Objects.requireNonNull(userColonPassword, "userColonPassword");
    int c = userColonPassword.indexOf(':');
    if (c <= 0) {
      throw new IllegalArgumentException("credentials must be user:password");
    }
    return of(userColonPassword.substring(0, c), userColonPassword.substring(c + 1).toCharArray());
  }

  public String username() {
    return username;
  }

  /** The value of an {@code Authorization: Basic} header. */
  public String basicAuthorization() {
    byte[] pw = password.toByteArray();
    byte[] user = (username + ":").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[user.length + pw.length];
    System.arraycopy(user, 0, all, 0, user.length);
    System.arraycopy(pw, 0, all, user.length, pw.length);
    java.util.Arrays.fill(pw, (byte) 0);
    String header = "Basic " + Base64.getEncoder().encodeToString(all);
    java.util.Arrays.fill(all, (byte) 0);
    return header;
  }

  @Override
  public String toString() {
    return "RegistryCredentials[" + username + ", password=<redacted>]";
  }
}
