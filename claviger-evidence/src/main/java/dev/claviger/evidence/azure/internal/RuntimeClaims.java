package dev.claviger.evidence.azure.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.evidence.tpm.TpmError;
import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmRejectedException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

/**
 * The HCL runtime claims: {@code {"keys":[{"kid":"HCLAkPub","kty":"RSA","n":..,"e":..},..],
 * "vm-configuration":{..},"user-data":"<hex>"?}}.
 *
 * @param json the parsed document
 * @param akPub the vTPM AK (JWK {@code kid} HCLAkPub)
 * @param userData the {@code user-data} bytes, when present
 */
public record RuntimeClaims(JsonNode json, PublicKey akPub, Optional<byte[]> userData) {
  static final String AK_KID = "HCLAkPub";

  public static RuntimeClaims parse(byte[] var) throws TpmRejectedException {
    JsonNode json;
    try {
      json = Json.parse(var);
    } catch (MalformedInputException e) {
      throw new TpmFormatException("HCL runtime claims: " + e.getMessage());
    }
    if (!json.isObject() || !json.path("keys").isArray()) {
      throw new TpmFormatException("HCL runtime claims: no 'keys' array");
    }
    PublicKey ak = null;
    for (JsonNode k : json.get("keys")) {
      if (AK_KID.equals(k.path("kid").asText())) {
        if (ak != null) {
          throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH,
              "runtime claims list HCLAkPub twice");
        }
        ak = rsaJwk(k);
      }
    }
    if (ak == null) {
      throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH,
          "runtime claims carry no HCLAkPub key");
    }
    Optional<byte[]> user = Optional.empty();
    JsonNode ud = json.get("user-data");
    if (ud != null && !ud.isNull()) {
      if (!ud.isTextual()) {
        throw new TpmFormatException("HCL runtime claims: 'user-data' must be a hex string");
      }
      try {
        user = Optional.of(dev.claviger.core.Hex.decode(ud.textValue()));
      } catch (MalformedInputException e) {
        throw new TpmFormatException("HCL runtime claims: 'user-data': " + e.getMessage());
      }
    }
    return new RuntimeClaims(json, ak, user);
  }

  private static PublicKey rsaJwk(JsonNode k) throws TpmRejectedException {
    if (!"RSA".equals(k.path("kty").asText())) {
      throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH, "HCLAkPub is not an RSA key");
    }
    try {
      BigInteger n = new BigInteger(1, Base64s.decodeLenient(k.path("n").asText()));
      BigInteger e = new BigInteger(1, Base64s.decodeLenient(k.path("e").asText()));
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    } catch (MalformedInputException | GeneralSecurityException ex) {
      throw new TpmFormatException("HCLAkPub: bad RSA JWK");
    }
  }

  @Override
  public JsonNode json() {
    return json.deepCopy();
  }
}
