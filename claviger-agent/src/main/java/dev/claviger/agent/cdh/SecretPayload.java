package dev.claviger.agent.cdh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.cdh.internal.JsonFields;
import dev.claviger.agent.cdh.internal.PayloadJson;
import dev.claviger.agent.cdh.internal.WrapCiphers;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The JSON payload of a sealed secret (upstream {@code Secret}): {@code version} (exactly {@value
 * #VERSION}), {@code type} and the type's members. Members are written in upstream's serde order,
 * so a payload sealed here is byte-identical to one sealed by upstream's {@code secret} tool.
 */
public sealed interface SecretPayload permits SecretPayload.Vault, SecretPayload.Envelope {

  String VERSION = "0.1.0";
  String PROVIDER_KBS = "kbs";

  /** The KMS or vault that releases the secret. */
  String provider();

  /** The payload JSON as upstream serialises it. */
  byte[] toJson();

  /** Parses and checks a payload; unknown members are ignored as upstream does. */
  static SecretPayload parse(byte[] json) throws CdhException {
    Objects.requireNonNull(json, "json");
    JsonNode o = JsonFields.parseObject(
            PayloadJson.MAPPER, json, PayloadJson.MAX_BYTES, "secret payload");
    String version = JsonFields.requiredString(o, "version", "secret payload");
    if (!VERSION.equals(version)) {
      throw new CdhException(
          CdhException.Kind.UNSUPPORTED,
          "sealed secret version '" + version + "' unsupported, only " + VERSION);
    }
    String type = JsonFields.requiredString(o, "type", "secret payload");
    return switch (type) {
      case "vault" -> Vault.fromJson(o);
      case "envelope" -> Envelope.fromJson(o);
      default ->
          throw new CdhException(
              CdhException.Kind.UNSUPPORTED, "sealed secret type '" + type + "' unsupported");
    };
  }

  /** A reference to a secret kept by a vault; {@code name} is a KBS resource URI for kbs. */
  record Vault(
      String name,
      String provider,
      Map<String, String> providerSettings,
      Map<String, String> annotations)
      implements SecretPayload {

    public Vault {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(provider, "provider");
      providerSettings = JsonFields.orderedCopy(providerSettings);
      annotations = JsonFields.orderedCopy(annotations);
    }

    /** A vault secret held by the KBS at {@code resourceUri}. */
    public static Vault kbs(String resourceUri) {
      return new Vault(resourceUri, PROVIDER_KBS, Map.of(), Map.of());
    }

    static Vault fromJson(JsonNode o) throws CdhException {
      String what = "vault secret";
      return new Vault(
          JsonFields.requiredString(o, "name", what),
          JsonFields.requiredString(o, "provider", what),
          JsonFields.stringMap(o, "provider_settings", what),
          JsonFields.stringMap(o, "annotations", what));
    }

    @Override
    public byte[] toJson() {
      ObjectNode o = PayloadJson.header(VERSION, "vault");
      o.put("name", name);
      PayloadJson.tail(o, provider, providerSettings, annotations);
      return Json.writeBytes(o);
    }
  }

  /**
   * A digital envelope: {@code encrypted_key} is the DEK wrapped by the KMS key {@code key_id};
   * {@code encrypted_data} is the secret under the DEK ({@link WrapType}, GCM tag appended).
   */
  record Envelope(
      String keyId,
      byte[] encryptedKey,
      byte[] encryptedData,
      WrapType wrapType,
      byte[] iv,
      String provider,
      Map<String, String> providerSettings,
      Map<String, String> annotations)
      implements SecretPayload {

    public Envelope {
      Objects.requireNonNull(keyId, "keyId");
      encryptedKey = encryptedKey.clone();
      encryptedData = encryptedData.clone();
      Objects.requireNonNull(wrapType, "wrapType");
      iv = iv.clone();
      Objects.requireNonNull(provider, "provider");
      providerSettings = JsonFields.orderedCopy(providerSettings);
      annotations = JsonFields.orderedCopy(annotations);
    }

    /**
     * Seals {@code plaintext} for the built-in {@code kbs} envelope provider (a Claviger
     * extension): a fresh 32-byte DEK encrypts the data with {@code type}, and the DEK is wrapped
     * with AES-256-KW (RFC 3394) under the 32-byte KEK that the KBS holds at {@code kekUri}.
     */
    public static Envelope sealWithKbsKek(
        String kekUri, SecretBytes kek, byte[] plaintext, WrapType type, SecureRandom rnd)
        throws CdhException {
      byte[] iv = new byte[type.ivLength()];
      rnd.nextBytes(iv);
      try (SecretBytes dek = SecretBytes.random(WrapCiphers.KEY_LENGTH, rnd)) {
        byte[] data = WrapCiphers.encrypt(type, dek, iv, plaintext);
        byte[] wrappedDek = WrapCiphers.keyWrap(kek, dek);
        return new Envelope(kekUri, wrappedDek, data, type, iv, PROVIDER_KBS, Map.of(), Map.of());
      }
    }

    static Envelope fromJson(JsonNode o) throws CdhException {
      String what = "envelope secret";
      String wrap = JsonFields.requiredString(o, "wrap_type", what);
      WrapType type =
          WrapType.fromWireName(wrap)
              .orElseThrow(
                  () ->
                      new CdhException(
                          CdhException.Kind.UNSUPPORTED, "unknown wrap_type '" + wrap + "'"));
      return new Envelope(
          JsonFields.requiredString(o, "key_id", what),
          b64(o, "encrypted_key"),
          b64(o, "encrypted_data"),
          type,
          b64(o, "iv"),
          JsonFields.requiredString(o, "provider", what),
          JsonFields.stringMap(o, "provider_settings", what),
          JsonFields.stringMap(o, "annotations", what));
    }

    private static byte[] b64(JsonNode o, String name) throws CdhException {
      return JsonFields.base64Std(JsonFields.requiredString(o, name, "envelope secret"), name);
    }

    @Override
    public byte[] toJson() {
      ObjectNode o = PayloadJson.header(VERSION, "envelope");
      o.put("key_id", keyId);
      o.put("encrypted_key", Base64s.encodeStd(encryptedKey));
      o.put("encrypted_data", Base64s.encodeStd(encryptedData));
      o.put("wrap_type", wrapType.name());
      o.put("iv", Base64s.encodeStd(iv));
      PayloadJson.tail(o, provider, providerSettings, annotations);
      return Json.writeBytes(o);
    }

    @Override
    public byte[] encryptedKey() {
      return encryptedKey.clone();
    }

    @Override
    public byte[] encryptedData() {
      return encryptedData.clone();
    }

    @Override
    public byte[] iv() {
      return iv.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Envelope e
          && keyId.equals(e.keyId)
          && Arrays.equals(encryptedKey, e.encryptedKey)
          && Arrays.equals(encryptedData, e.encryptedData)
          && wrapType == e.wrapType
          && Arrays.equals(iv, e.iv)
          && provider.equals(e.provider)
          && providerSettings.equals(e.providerSettings)
          && annotations.equals(e.annotations);
    }

    @Override
    public int hashCode() {
      return Objects.hash(keyId, Arrays.hashCode(encryptedData), provider);
    }

    @Override
    public String toString() {
      return "Envelope[keyId=" + keyId + ", provider=" + provider + ", wrapType=" + wrapType
          + ", encryptedData=" + encryptedData.length + " bytes]";
    }
  }
}
