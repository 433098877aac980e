package dev.claviger.evidence.dcap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The PCS client-tool / PCCS collateral document upstream accepts through a {@code file://}
 * collateral service: {@code {"collaterals":{"tcbinfos":[{"fmspc","tdx_tcbinfo","sgx_tcbinfo"}],
 * "qeidentity","tdqeidentity","pckcacrl":{"processorCrl","platformCrl"},"rootcacrl",
 * "certificates":{"TCB-Info-Issuer-Chain","SGX-Enclave-Identity-Issuer-Chain",
 * "SGX-PCK-Certificate-Issuer-Chain":{"PROCESSOR","PLATFORM"}}}}}. Signed items may be embedded
 * objects (exact bytes are taken from the file) or JSON strings holding the PCS response text.
 * Only the standard (not {@code _early}) items are read.
 */
final class PcsToolLayout {
  private PcsToolLayout() {}

  static void add(CollateralPool.Builder b, byte[] data) throws IOException {
    byte[] coll = RawJson.member(data, "collaterals");
    JsonNode c = parse(coll);
    List<X509Certificate> tcbChain = List.of();
    List<X509Certificate> qeChain = List.of();
    JsonNode certs = c.get("certificates");
    if (certs != null && certs.isObject()) {
      tcbChain = chain(certs, "TCB-Info-Issuer-Chain", b);
      qeChain = chain(certs, "SGX-Enclave-Identity-Issuer-Chain", b);
      JsonNode pck = certs.get("SGX-PCK-Certificate-Issuer-Chain");
      if (pck != null && pck.isObject()) {
        for (String k : List.of("PROCESSOR", "PLATFORM")) {
          chain(pck, k, b);
        }
      }
    }
    byte[] infos = RawJson.member(coll, "tcbinfos");
    if (infos != null) {
      for (byte[] entry : RawJson.elements(infos)) {
        for (String k : List.of("tdx_tcbinfo", "sgx_tcbinfo")) {
          signed(b, RawJson.member(entry, k), tcbChain);
        }
      }
    }
    for (String k : List.of("qeidentity", "tdqeidentity")) {
      signed(b, RawJson.member(coll, k), qeChain);
    }
    JsonNode crls = c.get("pckcacrl");
    if (crls != null && crls.isObject()) {
      for (String k : List.of("processorCrl", "platformCrl")) {
        if (crls.hasNonNull(k)) {
          b.crl(CollateralLoader.crl(CollateralLoader.decodeBlob(crls.get(k).asText())));
        }
      }
    }
    if (c.hasNonNull("rootcacrl")) {
      b.crl(CollateralLoader.crl(CollateralLoader.decodeBlob(c.get("rootcacrl").asText())));
    }
  }

  private static void signed(CollateralPool.Builder b, byte[] raw, List<X509Certificate> chain)
      throws IOException {
    if (raw == null || raw.length == 0 || raw[0] == 'n') {
      return;
    }
    byte[] doc = raw;
    if (raw[0] == '"') {
      doc = parse(raw).asText().getBytes(StandardCharsets.UTF_8);
    }
    CollateralLoader.pcsResponse(b, doc, chain);
  }

  private static List<X509Certificate> chain(JsonNode n, String k, CollateralPool.Builder b)
      throws IOException {
    if (!n.hasNonNull(k)) {
      return List.of();
    }
    List<X509Certificate> chain = CollateralLoader.pem(n.get(k).asText().getBytes(StandardCharsets.UTF_8));
    b.chain(chain);
    return chain;
  }

  private static JsonNode parse(byte[] raw) throws IOException {
    if (raw == null) {
      throw new IOException("missing 'collaterals'");
    }
    try {
      return Json.parse(raw);
    } catch (MalformedInputException e) {
      throw new IOException("bad collaterals JSON");
    }
  }
}
