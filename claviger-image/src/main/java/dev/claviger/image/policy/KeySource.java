package dev.claviger.image.policy;

import java.util.List;

/**
 * Where a requirement's trusted keys come from: files named by {@code keyPath}/{@code keyPaths}
 * (resolved by a {@link KeyResolver} at every verification, so a rotated key file takes effect), or
 * bytes given inline by {@code keyData}/{@code keyDatas}.
 */
public sealed interface KeySource {
  /** One or more key files (GPG keyrings or PEM public keys). */
  record Paths(List<String> paths) implements KeySource {
    public Paths {
      paths = List.copyOf(paths);
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("no key paths");
      }
    }
  }

  /** Inline key bytes (base64-decoded from policy.json). */
  record Inline(List<byte[]> keys) implements KeySource {
    public Inline {
      keys = List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("no key data");
      }
      keys = keys.stream().map(byte[]::clone).toList();
    }

    @Override
    public List<byte[]> keys() {
      return keys.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Inline other) || other.keys.size() != keys.size()) {
        return false;
      }
      for (int i = 0; i < keys.size(); i++) {
        if (!java.util.Arrays.equals(keys.get(i), other.keys.get(i))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return keys.stream().mapToInt(java.util.Arrays::hashCode).sum();
    }

    @Override
    public String toString() {
      return "Inline[" + keys.size() + " key(s)]";
    }
  }
}
