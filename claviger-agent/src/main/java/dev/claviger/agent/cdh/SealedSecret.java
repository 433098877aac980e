package dev.claviger.agent.cdh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.cdh.internal.EcKeys;
import dev.claviger.agent.cdh.internal.JsonFields;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * A sealed secret: {@code "sealed." + JWS compact serialisation} with an ES256 signature (raw
 * {@code r||s}) over {@code "<header>.<payload>"}, header {@code {"alg":"ES256","kid":...}} and a
 * {@link SecretPayload} as payload.
 *
 * <p>{@link #parse} only checks structure and the header. The payload is parsed and handed out by
 * {@link #verify}, after the signature checked out with a key the caller chose from {@link #kid()}
 * (the data hub does this), as upstream verifies before it deserialises. Instances are immutable
 * and thread-safe.
 */
public final class SealedSecret {
  public static final String PREFIX = "sealed.";
  /** Longest sealed secret accepted (characters); the payload limit plus encoding overhead. */
  public static final int MAX_LENGTH = 1_500_000;

  private static final String ALG = "ES256";
  private static final int HEADER_MAX_BYTES = 8 * 1024;
  private static final ObjectMapper HEADER_MAPPER = JsonFields.mapper(HEADER_MAX_BYTES);
  private static final String SIG_ALG = "SHA256withECDSAinP1363Format";

  private final String signingInput;
  private final byte[] signature;
  private final String kid;
  private final byte[] payload;

  private SealedSecret(String signingInput, byte[] signature, String kid, byte[] payload) {
    this.signingInput = signingInput;
    this.signature = signature;
    this.kid = kid;
    this.payload = payload;
  }

  /**
   * Splits and decodes a sealed secret. The header must say {@code alg: ES256} (anything else is
   * VERIFICATION_FAILED, as upstream), carry a string {@code kid} and no {@code crit}.
   */
  public static SealedSecret parse(String sealed) throws CdhException {
    String[] parts = split(sealed, 3);
    byte[] header = b64url(parts[0], "header");
    JsonNode h = JsonFields.parseObject(HEADER_MAPPER, header, HEADER_MAX_BYTES, "JWS header");
    String alg = JsonFields.requiredString(h, "alg", "JWS header");
    if (!ALG.equals(alg)) {
      throw new CdhException(
          CdhException.Kind.VERIFICATION_FAILED, "JWS algorithm must be ES256, got '" + alg + "'");
    }
    if (h.has("crit")) {
      throw new CdhException(CdhException.Kind.UNSUPPORTED, "JWS 'crit' header not supported");
    }
    String kid = JsonFields.requiredString(h, "kid", "JWS header");
    byte[] payload = b64url(parts[1], "payload");
    byte[] sig = b64url(parts[2], "signature");
    return new SealedSecret(parts[0] + "." + parts[1], sig, kid, payload);
  }

  /**
   * Reads the payload without any signature check: upstream's {@code
   * SKIP_SEALED_SECRET_VERIFICATION=true} path (four dot-separated parts, the third is the
   * payload), which also reads the pre-2026 {@code sealed.fakejwsheader.<p>.fakesignature} form.
   */
  public static SecretPayload parseWithoutVerification(String sealed) throws CdhException {
    String[] parts = split(sealed, 3);
    return SecretPayload.parse(b64url(parts[1], "payload"));
  }

  /** The header {@code kid}: a KBS resource URI or a key file name. */
  public String kid() {
    return kid;
  }

  /**
   * Checks the ES256 signature with a P-256 public key (VERIFICATION_FAILED otherwise), then parses
   * and returns the payload.
   */
  public SecretPayload verify(ECPublicKey key) throws CdhException {
    EcKeys.requireP256(Objects.requireNonNull(key, "key"));
    boolean ok;
    try {
      Signature s = Signature.getInstance(SIG_ALG);
      s.initVerify(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      ok = signature.length == 64 && s.verify(signature);
    } catch (GeneralSecurityException e) {
      ok = false;
    }
    if (!ok) {
      throw new CdhException(
          CdhException.Kind.VERIFICATION_FAILED,
          "sealed secret signature does not verify with key '" + kid + "'");
    }
    return SecretPayload.parse(payload);
  }

  /** Seals {@code payload}: what upstream's {@code secret seal} tool does. */
  public static String seal(SecretPayload payload, ECPrivateKey key, String kid)
      throws CdhException {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(kid, "kid");
    EcKeys.requireP256(Objects.requireNonNull(key, "key"));
    ObjectNode header = Json.mapper().createObjectNode();
    header.put("alg", ALG);
    header.put("kid", kid);
    String input =
        Base64s.encodeUrlNoPad(Json.writeBytes(header))
            + "."
            + Base64s.encodeUrlNoPad(payload.toJson());
    try {
      Signature s = Signature.getInstance(SIG_ALG);
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return PREFIX + input + "." + Base64s.encodeUrlNoPad(s.sign());
    } catch (GeneralSecurityException e) {
      throw new CdhException(CdhException.Kind.VERIFICATION_FAILED, "ES256 signing failed", e);
    }
  }

  /** Seals with a private P-256 JWK (the {@code --signing-jwk-path} of upstream's tool). */
  public static String seal(SecretPayload payload, byte[] privateJwk, String kid)
      throws CdhException {
    return seal(payload, EcKeys.privateFromJwk(privateJwk), kid);
  }

  private static String[] split(String sealed, int parts) throws CdhException {
    Objects.requireNonNull(sealed, "sealed");
    if (sealed.length() > MAX_LENGTH) {
      throw JsonFields.malformed("sealed secret longer than " + MAX_LENGTH + " characters");
    }
    if (!sealed.startsWith(PREFIX)) {
      throw JsonFields.malformed("sealed secret must start with '" + PREFIX + "'");
    }
    String[] out = sealed.substring(PREFIX.length()).split("\\.", -1);
    if (out.length != parts) {
      throw JsonFields.malformed(
          "sealed secret must have " + (parts + 1) + " dot-separated parts, got "
              + (out.length + 1));
    }
    return out;
  }

  private static byte[] b64url(String part, String what) throws CdhException {
    try {
      return Base64s.decodeUrlNoPad(part);
    } catch (MalformedInputException e) {
      throw new CdhException(
          CdhException.Kind.MALFORMED, "sealed secret " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SealedSecret[kid=" + kid + ", payload=" + payload.length + " bytes]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedSecret s
        && signingInput.equals(s.signingInput)
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return signingInput.hashCode();
  }
}
