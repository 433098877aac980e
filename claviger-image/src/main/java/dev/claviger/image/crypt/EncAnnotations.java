package dev.claviger.image.crypt;

import java.util.Map;

/** The ocicrypt layer annotations and media-type suffix. */
public final class EncAnnotations {
  public static final String PREFIX = "org.opencontainers.image.enc.";
  /** Comma-joined std-base64 JWE JSON documents, each wrapping the private options. */
  public static final String KEYS_JWE = PREFIX + "keys.jwe";
  /** Prefix of the key-provider annotations; the provider name follows. */
  public static final String KEYS_PROVIDER = PREFIX + "keys.provider.";
  /** The provider name CoCo (CDH, coco_keyprovider) uses. */
  public static final String ATTESTATION_AGENT = "attestation-agent";
  /** Std-base64 public options JSON. */
  public static final String PUBOPTS = PREFIX + "pubopts";
  public static final String ENCRYPTED_SUFFIX = "+encrypted";

  private EncAnnotations() {}

  public static String provider(String name) {
    return KEYS_PROVIDER + name;
  }

  /** True when the media type ends in {@code +encrypted}. */
  public static boolean isEncrypted(String mediaType) {
    return mediaType.endsWith(ENCRYPTED_SUFFIX);
  }

  /** True when the annotations carry a wrapped key of any scheme. */
  public static boolean hasWrappedKeys(Map<String, String> annotations) {
    return annotations.keySet().stream().anyMatch(k -> k.startsWith(PREFIX + "keys."));
  }
}
