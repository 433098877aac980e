package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.SignerConfig;
import dev.claviger.core.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs EAR tokens with ES256 and publishes the key: JWS header {@code typ=JWT, alg=ES256, jwk}
 * (the JWK carries {@code alg}, and {@code x5c}/{@code x5u} when configured), as upstream's broker.
 */
public final class EarSigner {
  private static final Logger LOG = LoggerFactory.getLogger(EarSigner.class);

  private final ECKey key;
  private final ECKey publicJwk;
  private final ECDSASigner signer;

  private EarSigner(ECKey key) throws AttestationException {
    this.key = key;
    this.publicJwk = key.toPublicJWK();
    try {
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new AttestationException("cannot create the EAR signer: " + e.getMessage(), e);
    }
  }

  /** Loads the configured key, or generates an ephemeral one when none is configured. */
  public static EarSigner create(Optional<SignerConfig> config) throws AttestationException {
    if (config.isEmpty()) {
      return ephemeral();
    }
    SignerConfig c = config.get();
    KeyPair pair = PemKeys.readP256PrivateKey(c.keyPath());
    ECKey.Builder b = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
        .privateKey((ECPrivateKey) pair.getPrivate())
        .algorithm(JWSAlgorithm.ES256);
    if (c.certPath().isPresent()) {
      List<X509Certificate> chain = PemKeys.readCertificateChain(c.certPath().get());
      if (!chain.get(0).getPublicKey().equals(pair.getPublic())) {
        throw new AttestationException("EAR signer certificate " + c.certPath().get()
            + ": the first certificate does not hold the signing key");
      }
      b.x509CertChain(encodeChain(chain));
    }
    if (c.certUrl().isPresent()) {
      try {
        b.x509CertURL(new URI(c.certUrl().get()));
      } catch (URISyntaxException e) {
        throw new AttestationException("EAR signer cert_url is not a URI", e);
      }
    }
    return new EarSigner(b.build());
  }

  private static EarSigner ephemeral() throws AttestationException {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      ECKey key = new ECKey.Builder(Curve.P_256, (ECPublicKey) pair.getPublic())
          .privateKey((ECPrivateKey) pair.getPrivate())
          .algorithm(JWSAlgorithm.ES256)
          .build();
      EarSigner s = new EarSigner(key);
      LOG.warn("no EAR signer configured: generated an ephemeral P-256 key (JWK thumbprint {});"
          + " its tokens are verifiable only by relying parties that trust this instance's key",
          key.computeThumbprint());
      return s;
    } catch (java.security.GeneralSecurityException | JOSEException e) {
      throw new AttestationException("cannot generate an ephemeral P-256 key", e);
    }
  }

  private static List<Base64> encodeChain(List<X509Certificate> chain) throws AttestationException {
    List<Base64> out = new ArrayList<>(chain.size());
    for (X509Certificate c : chain) {
      try {
        out.add(Base64.encode(c.getEncoded()));
      } catch (CertificateEncodingException e) {
        throw new AttestationException("cannot encode EAR signer certificate", e);
      }
    }
    return out;
  }

  public ECPublicKey publicKey() {
    try {
      return publicJwk.toECPublicKey();
    } catch (JOSEException e) {
      throw new IllegalStateException("P-256 public key conversion failed", e);
    }
  }

  /** The public JWK as JSON. */
  public ObjectNode publicJwkJson() {
    Map<String, Object> m = publicJwk.toJSONObject();
    return Json.mapper().valueToTree(m);
  }

  /** {@code {"keys":[<public JWK>]}}. */
  public JsonNode jwks() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode keys = root.putArray("keys");
    keys.add(publicJwkJson());
    return root;
  }

  /** Signs the claims; returns the compact JWS. */
  public String sign(ObjectNode claims) throws AttestationException {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(JOSEObjectType.JWT)
        .jwk(publicJwk)
        .build();
    JWSObject jws = new JWSObject(header, new Payload(Json.write(claims)));
    try {
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new AttestationException("signing the EAR token failed: " + e.getMessage(), e);
    }
    return jws.serialize();
  }

  @Override
  public String toString() {
    return "EarSigner[" + key.getKeyID() + "]";
  }
}
