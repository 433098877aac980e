package dev.claviger.image.sign;

import dev.claviger.image.sign.internal.PayloadJson;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The JSON document an image signature signs: which manifest digest, under which Docker reference.
 * Both formats share one shape:
 *
 * <pre>{@code
 * {"critical":{"identity":{"docker-reference":"<ref>"},
 *              "image":{"docker-manifest-digest":"sha256:<hex>"},
 *              "type":"atomic container signature" | "cosign container image signature"},
 *  "optional":{"creator":"...","timestamp":<unix seconds>} | null}
 * }</pre>
 *
 * <p>{@link #parse} is as strict as containers/image: {@code critical}, {@code image} and {@code
 * identity} must have exactly their members (an unknown critical member is an error, that is what
 * "critical" means), the type must be the format's exact string, {@code optional} may hold any other
 * members but {@code creator} must be a string and {@code timestamp} an integer; only cosign allows
 * {@code "optional":null}.
 *
 * @param type the signature format
 * @param dockerReference the signed identity, as written (not normalised)
 * @param manifestDigest the signed digest {@code algorithm:hex} (sha256, sha384 or sha512, lower case)
 * @param creator optional creator string
 * @param timestamp optional creation time, Unix seconds
 */
public record SignaturePayload(
    Type type,
    String dockerReference,
    String manifestDigest,
    Optional<String> creator,
    OptionalLong timestamp) {

  private static final Pattern DIGEST =
      Pattern.compile("sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128}");

  /** Largest payload we parse; real ones are a few hundred bytes. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  /** The two signature formats and their exact {@code critical.type} strings. */
  public enum Type {
    /** containers "simple signing" (GPG), stored in lookaside. */
    SIMPLE_SIGNING("atomic container signature"),
    /** cosign, stored as {@code sha256-<hex>.sig} OCI attachments. */
    COSIGN("cosign container image signature");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public SignaturePayload {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(dockerReference, "dockerReference");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(creator, "creator");
    Objects.requireNonNull(timestamp, "timestamp");
    if (dockerReference.isEmpty()) {
      throw new IllegalArgumentException("empty docker-reference");
    }
    if (!isValidDigest(manifestDigest)) {
      throw new IllegalArgumentException("invalid docker-manifest-digest");
    }
  }

  /** A payload with no optional members. */
  public static SignaturePayload of(Type type, String dockerReference, String manifestDigest) {
    return new SignaturePayload(
        type, dockerReference, manifestDigest, Optional.empty(), OptionalLong.empty());
  }

  /** True for {@code sha256|sha384|sha512:<lower-case hex of the right length>}. */
  public static boolean isValidDigest(String digest) {
    return digest != null && DIGEST.matcher(digest).matches();
  }

  /**
   * Parses untrusted payload bytes of the expected format.
   *
   * @throws SignatureException of kind {@link SignatureException.Kind#BAD_SIGNATURE} when the bytes
   *     are not a valid payload of {@code expected}
   */
  public static SignaturePayload parse(byte[] json, Type expected) throws SignatureException {
    return PayloadJson.parse(Objects.requireNonNull(json, "json"), Objects.requireNonNull(expected));
  }

  /**
   * The payload as compact JSON with members in the order upstream tools write them. For cosign
   * with no optional members this is {@code "optional":null}, as cosign writes it.
   */
  public byte[] toJson() {
    return PayloadJson.write(this);
  }
}
