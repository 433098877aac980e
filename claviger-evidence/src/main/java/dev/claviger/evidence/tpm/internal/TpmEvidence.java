package dev.claviger.evidence.tpm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Upstream's {@code tpm} evidence:
 * {@code {"ak_public":"<std b64 DER SPKI>","tpm_quote":{"message":"<std b64 TPMS_ATTEST>",
 * "signature":"<std b64 TPMT_SIGNATURE>","pcrs":["<hex>"...]}}}, plus optional Claviger members
 * that upstream's serde ignores: {@code ak_cert} (std b64 DER), {@code ak_cert_chain} (array of
 * std b64 DER), {@code eventlog} (std b64 TCG PC Client event log) and {@code ak_tpm_public}
 * (std b64 TPM2B_PUBLIC of the AK, to prove it is a restricted signing key).
 *
 * <p>{@code pcrs} are the values of the quoted PCRs in selection order; upstream's attester sends
 * the 24 SHA-256 PCRs.
 */
public record TpmEvidence(String akPublicB64, PublicKey akPublic, TpmsAttest attest,
    TpmtSignature signature, List<byte[]> pcrs, Optional<X509Certificate> akCert,
    List<X509Certificate> akChain, Optional<byte[]> eventLog, Optional<TpmtPublic> akArea) {

  static final int MAX_PCRS = 4 * 24;
  static final int MAX_CERT = 16 * 1024;
  static final int MAX_CHAIN = 8;

  public static TpmEvidence parse(JsonNode json) throws TpmFormatException {
    JsonIn.object(json, "tpm evidence");
    String akB64 = JsonIn.text(json, "ak_public", 4096);
    PublicKey ak = spki(JsonIn.std64(json, "ak_public", 3072));
    JsonNode q = JsonIn.object(json.get("tpm_quote"), "'tpm_quote'");
    TpmsAttest attest = TpmsAttest.parse(JsonIn.std64(q, "message", TpmsAttest.MAX_SIZE));
    TpmtSignature sig = TpmtSignature.parse(JsonIn.std64(q, "signature", 4 + 2 * (2 + 2048)));
    List<byte[]> pcrs = new ArrayList<>();
    for (JsonNode p : JsonIn.array(q, "pcrs", MAX_PCRS)) {
      if (!p.isTextual() || p.textValue().length() > 2 * TpmHashAlg.SHA512.size()) {
        throw new TpmFormatException("'pcrs' entries must be hex digests");
      }
      pcrs.add(JsonIn.hexText(p.textValue(), "pcrs"));
    }
    Optional<X509Certificate> cert = json.hasNonNull("ak_cert")
        ? Optional.of(cert(JsonIn.std64(json, "ak_cert", MAX_CERT))) : Optional.empty();
    List<X509Certificate> chain = new ArrayList<>();
    if (json.hasNonNull("ak_cert_chain")) {
      for (JsonNode c : JsonIn.array(json, "ak_cert_chain", MAX_CHAIN)) {
        if (!c.isTextual() || c.textValue().length() > MAX_CERT * 2) {
          throw new TpmFormatException("'ak_cert_chain' entries must be base64 certificates");
        }
        chain.add(cert(JsonIn.std64Text(c.textValue(), "ak_cert_chain")));
      }
    }
    Optional<byte[]> log = json.hasNonNull("eventlog")
        ? Optional.of(JsonIn.std64(json, "eventlog", 16 * 1024 * 1024)) : Optional.empty();
    Optional<TpmtPublic> area = json.hasNonNull("ak_tpm_public")
        ? Optional.of(TpmtPublic.parseTpm2b(JsonIn.std64(json, "ak_tpm_public",
            TpmtPublic.MAX_SIZE + 2))) : Optional.empty();
    return new TpmEvidence(akB64, ak, attest, sig, pcrs, cert, chain, log, area);
  }

  /** DER SubjectPublicKeyInfo, RSA or EC. */
  public static PublicKey spki(byte[] der) throws TpmFormatException {
    for (String alg : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the next key type
      }
    }
    throw new TpmFormatException("'ak_public' is not a DER RSA or EC SubjectPublicKeyInfo");
  }

  public static X509Certificate cert(byte[] der) throws TpmFormatException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new TpmFormatException("AK certificate is not DER X.509");
    }
  }
}
