package dev.claviger.agent.cdh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.cdh.internal.JsonFields;
import dev.claviger.agent.cdh.internal.WrapCiphers;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The CoCo annotation packet: what the {@code org.opencontainers.image.enc.keys.provider.<name>}
 * layer annotation carries (base64 of this JSON) when a layer's private options are wrapped by the
 * CoCo keyprovider. Wire form (upstream {@code AnnotationPacketV2}, which also reads v1):
 *
 * <pre>{"kid":"kbs:///default/key/1","wrapped_data":"&lt;std b64&gt;","iv":"&lt;std b64&gt;",
 *  "wrap_type":"A256GCM", "version":"0.1.0", "provider":"kbs",
 *  "provider_settings":{}, "annotations":{}}</pre>
 *
 * The last four are v2 additions with the defaults shown. With provider {@code kbs}, {@code kid} is
 * a KBS resource holding a 32-byte KEK and {@code wrapped_data} is the private-options JSON
 * encrypted under it ({@link WrapType}); with another provider that KMS decrypts {@code
 * wrapped_data} directly and {@code iv}/{@code wrap_type} may be absent (then empty here).
 *
 * <p>Arrays are copied in and out; {@code wrapped_data} is ciphertext, not secret.
 */
public record AnnotationPacket(
    String kid,
    byte[] wrappedData,
    byte[] iv,
    String wrapType,
    String version,
    String provider,
    Map<String, String> providerSettings,
    Map<String, String> annotations) {

  /** The only packet version upstream accepts. */
  public static final String VERSION = "0.1.0";
  /** Provider whose KEK is a KBS resource. */
  public static final String PROVIDER_KBS = "kbs";
  /** Largest packet JSON accepted; real packets are a few hundred bytes. */
  public static final int MAX_JSON_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = JsonFields.mapper(MAX_JSON_BYTES);
  private static final String WHAT = "annotation packet";

  public AnnotationPacket {
    Objects.requireNonNull(kid, "kid");
    wrappedData = Objects.requireNonNull(wrappedData, "wrappedData").clone();
    iv = Objects.requireNonNull(iv, "iv").clone();
    Objects.requireNonNull(wrapType, "wrapType");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(provider, "provider");
    providerSettings = JsonFields.orderedCopy(providerSettings);
    annotations = JsonFields.orderedCopy(annotations);
  }

  /** A v1-shaped kbs packet (version 0.1.0, provider kbs, no settings). */
  public static AnnotationPacket ofKbs(String kid, byte[] wrappedData, byte[] iv, WrapType type) {
    return new AnnotationPacket(
        kid, wrappedData, iv, type.name(), VERSION, PROVIDER_KBS, Map.of(), Map.of());
  }

  /**
   * Parses a v1 or v2 packet. Byte fields are standard base64 with padding (as upstream) or, in
   * the keyprovider's other encoding, arrays of numbers; unknown members are ignored (as upstream). Semantic checks (version, provider, wrap type, kid form) are
   * made by {@link #unwrap} and the data hub, where upstream makes them.
   */
  public static AnnotationPacket parse(byte[] json) throws CdhException {
    Objects.requireNonNull(json, "json");
    JsonNode o = JsonFields.parseObject(MAPPER, json, MAX_JSON_BYTES, WHAT);
    String kid = JsonFields.requiredString(o, "kid", WHAT);
    byte[] wrapped =
        JsonFields.packetBytes(o, "wrapped_data", WHAT)
            .orElseThrow(() -> JsonFields.malformed(WHAT + ": member 'wrapped_data' is missing"));
    byte[] iv = JsonFields.packetBytes(o, "iv", WHAT).orElse(new byte[0]);
    return new AnnotationPacket(
        kid,
        wrapped,
        iv,
        JsonFields.optionalString(o, "wrap_type", WHAT).orElse(""),
        JsonFields.optionalString(o, "version", WHAT).orElse(VERSION),
        JsonFields.optionalString(o, "provider", WHAT).orElse(PROVIDER_KBS),
        JsonFields.stringMap(o, "provider_settings", WHAT),
        JsonFields.stringMap(o, "annotations", WHAT));
  }

  /**
   * The packet JSON. A plain kbs packet is written in the v1 shape coco_keyprovider emits ({@code
   * kid, wrapped_data, iv, wrap_type}), which every CDH version reads; others in the full v2 shape.
   */
  public byte[] toJson() {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("kid", kid);
    o.put("wrapped_data", Base64s.encodeStd(wrappedData));
    if (iv.length > 0) {
      o.put("iv", Base64s.encodeStd(iv));
    }
    if (!wrapType.isEmpty()) {
      o.put("wrap_type", wrapType);
    }
    boolean v1 =
        VERSION.equals(version)
            && PROVIDER_KBS.equals(provider)
            && providerSettings.isEmpty()
            && annotations.isEmpty();
    if (!v1) {
      o.put("version", version);
      o.put("provider", provider);
      providerSettings.forEach(o.putObject("provider_settings")::put);
      annotations.forEach(o.putObject("annotations")::put);
    }
    return Json.writeBytes(o);
  }

  /** Encrypts {@code optsData} under {@code kek} with A256GCM and a fresh 12-byte IV. */
  public static AnnotationPacket wrap(
      String kid, SecretBytes kek, byte[] optsData, SecureRandom rnd) throws CdhException {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(kek, "kek");
    Objects.requireNonNull(optsData, "optsData");
    byte[] iv = new byte[WrapType.A256GCM.ivLength()];
    Objects.requireNonNull(rnd, "rnd").nextBytes(iv);
    byte[] wrapped = WrapCiphers.encrypt(WrapType.A256GCM, kek, iv, optsData);
    return ofKbs(kid, wrapped, iv, WrapType.A256GCM);
  }

  /**
   * Decrypts a kbs-provider packet with its KEK. Fails with UNSUPPORTED for another version,
   * provider or wrap type, MALFORMED when {@code iv}/{@code wrap_type} are missing, and
   * DECRYPTION_FAILED for a wrong KEK, IV length or tampered data.
   *
   * @return the private layer-options JSON; it contains the layer key, so wipe it after use
   */
  public byte[] unwrap(SecretBytes kek) throws CdhException {
    Objects.requireNonNull(kek, "kek");
    requireKbsVersion();
    if (wrapType.isEmpty() || iv.length == 0) {
      throw JsonFields.malformed("kbs annotation packet needs 'iv' and 'wrap_type'");
    }
    WrapType type = wrapTypeOrThrow();
    return WrapCiphers.decrypt(type, kek, iv, wrappedData);
  }

  /** Rejects packets whose version or provider this KEK path does not handle. */
  void requireKbsVersion() throws CdhException {
    if (!VERSION.equals(version)) {
      throw new CdhException(
          CdhException.Kind.UNSUPPORTED,
          "annotation packet version '" + version + "' unsupported, only " + VERSION);
    }
    if (!PROVIDER_KBS.equals(provider)) {
      throw new CdhException(
          CdhException.Kind.UNSUPPORTED,
          "annotation packet provider '" + provider + "' is not unwrapped with a KBS KEK");
    }
  }

  private WrapType wrapTypeOrThrow() throws CdhException {
    return WrapType.fromWireName(wrapType)
        .orElseThrow(
            () ->
                new CdhException(
                    CdhException.Kind.UNSUPPORTED, "unknown wrap_type '" + wrapType + "'"));
  }

  @Override
  public byte[] wrappedData() {
    return wrappedData.clone();
  }

  @Override
  public byte[] iv() {
    return iv.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnnotationPacket p
        && kid.equals(p.kid)
        && Arrays.equals(wrappedData, p.wrappedData)
        && Arrays.equals(iv, p.iv)
        && wrapType.equals(p.wrapType)
        && version.equals(p.version)
        && provider.equals(p.provider)
        && providerSettings.equals(p.providerSettings)
        && annotations.equals(p.annotations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kid, Arrays.hashCode(wrappedData), Arrays.hashCode(iv), wrapType, provider);
  }

  @Override
  public String toString() {
    return "AnnotationPacket[kid=" + kid + ", provider=" + provider + ", wrapType=" + wrapType
        + ", wrappedData=" + wrappedData.length + " bytes]";
  }
}
