package dev.claviger.agent.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.core.Base64s;
import dev.claviger.core.SecretBytes;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The TEE key pair: its public half goes into the evidence binding as a JWK, its private half
 * unwraps the KBS resource response. The private key never leaves this object.
 */
public final class TeeKeyPair {
  private static final Set<String> JWE_MEMBERS =
      Set.of("protected", "encrypted_key", "iv", "ciphertext", "tag", "aad");

  private final TeeKeySpec spec;
  private final KeyPair keyPair;
  private final ObjectNode publicJwk;

  private TeeKeyPair(TeeKeySpec spec, KeyPair keyPair) {
    this.spec = spec;
    this.keyPair = keyPair;
    this.publicJwk = toJwk(spec, keyPair);
  }

  /** Generates a fresh key pair. */
  public static TeeKeyPair generate(TeeKeySpec spec, SecureRandom random) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(random, "random");
    try {
      KeyPairGenerator generator;
      switch (spec) {
        case EC_P256, EC_P521 -> {
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec(spec == TeeKeySpec.EC_P256 ? "secp256r1" : "secp521r1"), random);
        }
        case RSA_2048, RSA_2048_PKCS1 -> {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
        }
        default -> throw new IllegalStateException("unhandled key spec " + spec);
      }
      return new TeeKeyPair(spec, generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA cannot generate " + spec.cliName() + " keys", e);
    }
  }

  public TeeKeySpec spec() {
    return spec;
  }

  /**
   * The private key as PEM, in the form upstream's {@code GetToken} returns it: PKCS#8
   * ({@code PRIVATE KEY}) for EC, PKCS#1 ({@code RSA PRIVATE KEY}) for RSA. Only the token API
   * calls this, for a key pair generated for that one token.
   */
  public SecretBytes privateKeyPem() {
    boolean rsa = keyPair.getPrivate() instanceof RSAPrivateCrtKey;
    byte[] der = rsa ? PrivateKeyPem.pkcs1((RSAPrivateCrtKey) keyPair.getPrivate()) : keyPair.getPrivate().getEncoded();
    try {
      return PrivateKeyPem.pem(rsa ? "RSA PRIVATE KEY" : "PRIVATE KEY", der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /** The {@code tee-pubkey} JWK; a fresh copy each call. */
  public ObjectNode publicJwk() {
    return publicJwk.deepCopy();
  }

  /**
   * Decrypts a KBS resource response: flattened JWE JSON {@code {protected, encrypted_key, iv,
   * ciphertext, tag}}. The AAD is the ASCII of the received {@code protected} string, which is
   * exactly what the compact serialisation authenticates, so the members are reassembled into the
   * compact form and handed to Nimbus. The algorithm must be the one this key advertised and
   * {@code enc} must be A256GCM; anything else is refused before any key operation.
   */
  public SecretBytes decrypt(JsonNode response) throws KbsClientException {
    if (response == null || !response.isObject()) {
      throw KbsClientException.of(Reason.PROTOCOL, "resource response is not a JSON object");
    }
    for (var it = response.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!JWE_MEMBERS.contains(name)) {
        throw KbsClientException.of(Reason.PROTOCOL, "resource response has unexpected member '" + name + "'");
      }
    }
    JsonNode aad = response.get("aad");
    if (aad != null && !(aad.isTextual() && aad.asText().isEmpty()) && !aad.isNull()) {
      // Upstream KBS never sends it and the upstream client ignores it; an AAD we would not
      // authenticate is refused rather than silently dropped.
      throw KbsClientException.of(Reason.PROTOCOL, "resource response carries an 'aad' member, not supported");
    }
    String compact = String.join(".",
        member(response, "protected"), member(response, "encrypted_key"), member(response, "iv"),
        member(response, "ciphertext"), member(response, "tag"));
    JWEObject jwe;
    try {
      jwe = JWEObject.parse(compact);
    } catch (ParseException e) {
      throw KbsClientException.of(Reason.PROTOCOL, "resource response is not a valid JWE: " + e.getMessage());
    }
    checkHeader(jwe.getHeader());
    try {
      jwe.decrypt(decrypter());
    } catch (JOSEException e) {
      throw KbsClientException.of(Reason.DECRYPTION, "cannot decrypt resource with the TEE key (" + spec.cliName() + ")");
    }
    byte[] plain = jwe.getPayload().toBytes();
    try {
      return SecretBytes.copyOf(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private void checkHeader(JWEHeader header) throws KbsClientException {
    if (!header.getAlgorithm().getName().equals(spec.jweAlgorithm())) {
      throw KbsClientException.of(Reason.PROTOCOL,
          "resource wrapped with alg " + header.getAlgorithm() + ", but the TEE key is " + spec.jweAlgorithm());
    }
    if (!EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())) {
      throw KbsClientException.of(Reason.PROTOCOL,
          "resource encrypted with enc " + header.getEncryptionMethod() + ", expected A256GCM");
    }
    if (header.getCompressionAlgorithm() != null) {
      throw KbsClientException.of(Reason.PROTOCOL, "compressed JWE payloads are not accepted");
    }
  }

  private JWEDecrypter decrypter() throws JOSEException {
    return switch (spec) {
      case EC_P256, EC_P521 -> new ECDHDecrypter((ECPrivateKey) keyPair.getPrivate());
      case RSA_2048, RSA_2048_PKCS1 -> new RSADecrypter(keyPair.getPrivate());
    };
  }

  private static String member(JsonNode response, String name) throws KbsClientException {
    JsonNode value = response.get(name);
    if (value == null || !value.isTextual()) {
      throw KbsClientException.of(Reason.PROTOCOL, "resource response lacks string member '" + name + "'");
    }
    String text = value.asText();
    if (text.indexOf('.') >= 0) {
      throw KbsClientException.of(Reason.PROTOCOL, "resource response member '" + name + "' is not base64url");
    }
    return text;
  }

  private static ObjectNode toJwk(TeeKeySpec spec, KeyPair keyPair) {
    ObjectNode jwk = JsonNodeFactory.instance.objectNode();
    if (keyPair.getPublic() instanceof ECPublicKey ec) {
      int size = spec == TeeKeySpec.EC_P256 ? 32 : 66;
      jwk.put("kty", "EC");
      jwk.put("crv", spec == TeeKeySpec.EC_P256 ? "P-256" : "P-521");
      jwk.put("alg", spec.jweAlgorithm());
      jwk.put("x", Base64s.encodeUrlNoPad(fixedLength(ec.getW().getAffineX(), size)));
      jwk.put("y", Base64s.encodeUrlNoPad(fixedLength(ec.getW().getAffineY(), size)));
    } else {
      RSAPublicKey rsa = (RSAPublicKey) keyPair.getPublic();
      jwk.put("kty", "RSA");
      jwk.put("alg", spec.jweAlgorithm());
      jwk.put("n", Base64s.encodeUrlNoPad(unsigned(rsa.getModulus())));
      jwk.put("e", Base64s.encodeUrlNoPad(unsigned(rsa.getPublicExponent())));
    }
    return jwk;
  }

  /** Big-endian, left-padded to the field size, as RFC 7518 §6.2.1.2 requires for EC coordinates. */
  static byte[] fixedLength(BigInteger value, int size) {
    byte[] raw = unsigned(value);
    if (raw.length > size) {
      throw new IllegalStateException("coordinate longer than the field size");
    }
    byte[] out = new byte[size];
    System.arraycopy(raw, 0, out, size - raw.length, raw.length);
    return out;
  }

  /** Minimal big-endian unsigned bytes (RFC 7518 §6.3.1: no leading zero octets). */
  static byte[] unsigned(BigInteger value) {
    byte[] raw = value.toByteArray();
    if (raw.length > 1 && raw[0] == 0) {
      return Arrays.copyOfRange(raw, 1, raw.length);
    }
    return raw;
  }

  @Override
  public String toString() {
    return "TeeKeyPair[" + spec.cliName() + ", private key redacted]";
  }
}
