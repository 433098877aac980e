package dev.claviger.image.runtime;

import java.util.List;

/**
 * The numeric identity the container process runs as ({@code process.user} of the spec).
 *
 * @param home the user's home from {@code /etc/passwd}, or {@code /} when unknown
 */
public record ProcessUser(long uid, long gid, List<Long> additionalGids, String home) {
  public ProcessUser {
    if (uid < 0 || uid > 0xFFFF_FFFEL || gid < 0 || gid > 0xFFFF_FFFEL) {
      throw new IllegalArgumentException("uid/gid out of range");
    }
    additionalGids = List.copyOf(additionalGids);
  }

  public static final ProcessUser ROOT = new ProcessUser(0, 0, List.of(), "/root");
}
