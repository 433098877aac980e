package dev.claviger.store;

import dev.claviger.core.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the store lives. Create with {@link #sqlite(Path)} (embedded default, one process) or
 * {@link #postgres(String, String, SecretBytes, int)} (shared by replicas); open with {@link
 * Stores#open(StoreConfig)}. {@code toString()} never shows the password.
 */
public sealed interface StoreConfig permits StoreConfig.Sqlite, StoreConfig.Postgres {

  /** An SQLite database file; created (with its parent directory) when absent. */
  static StoreConfig sqlite(Path file) {
    return new Sqlite(file);
  }

  /**
   * A PostgreSQL database.
   *
   * @param jdbcUrl {@code jdbc:postgresql://host:port/db[?params]}
   * @param password copied; the caller may destroy its instance afterwards
   * @param poolSize maximum connections this process opens (1..256)
   */
  static StoreConfig postgres(String jdbcUrl, String user, SecretBytes password, int poolSize) {
    // toByteArray() is already a private copy: hand it over instead of copying it again.
    return new Postgres(jdbcUrl, user, SecretBytes.wrapOwned(password.toByteArray()), poolSize);
  }

  /** As above with a {@code char[]} password (encoded as UTF-8). */
  static StoreConfig postgres(String jdbcUrl, String user, char[] password, int poolSize) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] utf8 = new byte[encoded.remaining()];
    encoded.get(utf8);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return new Postgres(jdbcUrl, user, SecretBytes.wrapOwned(utf8), poolSize);
  }

  /** SQLite file store. */
  record Sqlite(Path file) implements StoreConfig {
    public Sqlite {
      Objects.requireNonNull(file, "file");
    }
  }

  /** PostgreSQL store. */
  record Postgres(String jdbcUrl, String user, SecretBytes password, int poolSize)
      implements StoreConfig {
    public Postgres {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:");
      }
      if (poolSize < 1 || poolSize > 256) {
        throw new IllegalArgumentException("poolSize must be in 1..256, got " + poolSize);
      }
    }
  }
}
