package dev.claviger.evidence.dcap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads collateral from files, recognising each by content: PCS responses
 * ({@code {"tcbInfo":…,"signature":…}}, {@code {"enclaveIdentity":…}}), dcap-qvl
 * {@code QuoteCollateralV3} bundles, PCS client-tool {@code collaterals} documents, PEM issuer
 * chains, and PEM or DER CRLs. Files that are none of these are skipped; files that claim to be
 * collateral but are malformed fail the load.
 */
public final class CollateralLoader {
  static final long MAX_FILE = 4L * 1024 * 1024;
  static final int MAX_FILES = 512;

  private CollateralLoader() {}

  /** Loads every recognised file of {@code dir} (not recursive). */
  public static CollateralPool directory(Path dir) throws IOException {
    CollateralPool.Builder b = CollateralPool.builder();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(Files::isRegularFile).sorted().limit(MAX_FILES).toList()) {
        if (Files.size(f) <= MAX_FILE) {
          try {
            add(b, Files.readAllBytes(f));
          } catch (IOException e) {
            throw new IOException(f.getFileName() + ": " + e.getMessage(), e);
          }
        }
      }
    }
    return b.build();
  }

  /** Adds one file's content to {@code b}. */
  public static void add(CollateralPool.Builder b, byte[] data) throws IOException {
    String head = new String(data, 0, Math.min(data.length, 64), StandardCharsets.US_ASCII).strip();
    if (head.startsWith("{")) {
      json(b, data);
    } else if (head.startsWith("-----BEGIN CERTIFICATE")) {
      b.chain(pem(data));
    } else if (head.startsWith("-----BEGIN X509 CRL") || data.length > 0 && data[0] == 0x30) {
      X509CRL crl = crlOrNull(data);
      if (crl != null) {
        b.crl(crl);
      }
    }
  }

  private static void json(CollateralPool.Builder b, byte[] data) throws IOException {
    JsonNode n;
    try {
      n = Json.parse(data);
    } catch (MalformedInputException e) {
      return; // JSON-looking but not JSON: not ours
    }
    if (n.has("tcbInfo") || n.has("enclaveIdentity")) {
      pcsResponse(b, data, List.of());
    } else if (n.has("tcb_info") && n.has("qe_identity")) {
      qvlBundle(b, n);
    } else if (n.has("collaterals")) {
      PcsToolLayout.add(b, data);
    }
  }

  /** A PCS HTTP response body with its (URL-encoded PEM) issuer-chain header value. */
  public static void addPcsResponse(CollateralPool.Builder b, byte[] body, String issuerChainHeader)
      throws IOException {
    List<X509Certificate> chain = issuerChainHeader == null ? List.of()
        : pem(issuerChainHeader.getBytes(StandardCharsets.US_ASCII));
    pcsResponse(b, body, chain);
  }

  /** An issuer chain header value on its own (URL-encoded PEM). */
  public static void addPcsResponseChainOnly(CollateralPool.Builder b, String header) throws IOException {
    b.chain(pem(header.getBytes(StandardCharsets.US_ASCII)));
  }

  /** A CRL served as DER, PEM or hex text. */
  public static void addCrl(CollateralPool.Builder b, byte[] body) throws IOException {
    X509CRL c = crlOrNull(body);
    b.crl(c != null ? c : crl(decodeBlob(new String(body, StandardCharsets.US_ASCII))));
  }

  /** {@code {"tcbInfo": {...}, "signature": "hex"}} or the enclave identity equivalent. */
  static void pcsResponse(CollateralPool.Builder b, byte[] data, List<X509Certificate> chain)
      throws IOException {
    byte[] sigHex = RawJson.member(data, "signature");
    if (sigHex == null) {
      throw new IOException("PCS response without signature");
    }
    byte[] sig = hexString(sigHex);
    byte[] tcb = RawJson.member(data, "tcbInfo");
    if (tcb != null) {
      b.tcbInfo(new Signed<>(TcbInfo.parse(tcb), tcb, sig, chain));
      return;
    }
    byte[] id = RawJson.member(data, "enclaveIdentity");
    if (id == null) {
      throw new IOException("PCS response without tcbInfo or enclaveIdentity");
    }
    b.identity(new Signed<>(QeIdentity.parse(id), id, sig, chain));
  }

  private static void qvlBundle(CollateralPool.Builder b, JsonNode n) throws IOException {
    List<X509Certificate> tcbChain = pem(text(n, "tcb_info_issuer_chain").getBytes(StandardCharsets.UTF_8));
    List<X509Certificate> qeChain = pem(text(n, "qe_identity_issuer_chain").getBytes(StandardCharsets.UTF_8));
    byte[] tcb = text(n, "tcb_info").getBytes(StandardCharsets.UTF_8);
    byte[] qe = text(n, "qe_identity").getBytes(StandardCharsets.UTF_8);
    b.tcbInfo(new Signed<>(TcbInfo.parse(tcb), tcb, hex(text(n, "tcb_info_signature"), 64), tcbChain));
    b.identity(new Signed<>(QeIdentity.parse(qe), qe, hex(text(n, "qe_identity_signature"), 64), qeChain));
    if (n.hasNonNull("pck_crl_issuer_chain")) {
      b.chain(pem(text(n, "pck_crl_issuer_chain").getBytes(StandardCharsets.UTF_8)));
    }
    for (String f : List.of("root_ca_crl", "pck_crl")) {
      if (n.hasNonNull(f)) {
        b.crl(crl(decodeBlob(text(n, f))));
      }
    }
  }

  static String text(JsonNode n, String f) throws IOException {
    JsonNode v = n.get(f);
    if (v == null || !v.isTextual()) {
      throw new IOException("missing string '" + f + "'");
    }
    return v.asText();
  }

  /** Hex DER, PEM, or URL-encoded PEM (as in PCS headers). */
  static byte[] decodeBlob(String s) throws IOException {
    String t = s.strip();
    if (t.startsWith("-----") || t.startsWith("%2D")) { // PEM, possibly URL-encoded
      return URLDecoder.decode(t.replace("+", "%2B"), StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII);
    }
    try {
      return Hex.decode(t.toLowerCase(Locale.ROOT));
    } catch (MalformedInputException e) {
      throw new IOException("neither hex nor PEM");
    }
  }

  static List<X509Certificate> pem(byte[] data) throws IOException {
    String s = new String(data, StandardCharsets.US_ASCII).strip();
    if (s.indexOf('%') >= 0) { // URL-encoded, as in PCS issuer-chain headers; PEM never holds '%' 
      data = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII);
    }
    try {
      return Pem.certificates(data);
    } catch (GeneralSecurityException e) {
      throw new IOException("bad PEM chain: " + e.getMessage(), e);
    }
  }

  static X509CRL crl(byte[] data) throws IOException {
    X509CRL c = crlOrNull(data);
    if (c == null) {
      throw new IOException("bad CRL");
    }
    return c;
  }

  private static X509CRL crlOrNull(byte[] data) {
    try {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(data));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] hexString(byte[] quotedHex) throws IOException {
    String s = new String(quotedHex, StandardCharsets.US_ASCII);
    if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
      throw new IOException("signature is not a string");
    }
    return hex(s.substring(1, s.length() - 1), 64);
  }

  static byte[] hex(String s, int len) throws IOException {
    try {
      return Hex.decode(s.toLowerCase(Locale.ROOT), len);
    } catch (MalformedInputException e) {
      throw new IOException("bad hex signature");
    }
  }
}
