package dev.claviger.evidence.cca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.evidence.EvidenceException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CCA platform attestation keys (CPAKs) this verifier trusts. CCA has no certificate chain: a
 * CPAK is endorsed out of band, so the store is the root of trust. An entry may be bound to the
 * platform's implementation and instance ids (upstream's {@code tastore.json}); then it is only
 * tried for a token claiming exactly those ids. Unbound entries (SPKI PEM files) are tried for any
 * token. Immutable and thread-safe.
 */
public final class CcaTrustAnchors {
  /** More than any deployment pins; bounds loading and the keys tried per token. */
  static final int MAX_ENTRIES = 4096;
  private static final long MAX_FILE_BYTES = 1 << 20;

  /** One trusted CPAK, optionally bound to the ids of the platform that owns it. */
  public record Entry(ECPublicKey cpak, Optional<byte[]> implementationId,
      Optional<byte[]> instanceId) {
    /** Whether this key may sign a platform token with these ids. */
    public boolean covers(byte[] implId, byte[] instId) {
      return implementationId.map(i -> Arrays.equals(i, implId)).orElse(true)
          && instanceId.map(i -> Arrays.equals(i, instId)).orElse(true);
    }
  }

  private final List<Entry> entries;

  private CcaTrustAnchors(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Unbound anchors from public keys (EC only). */
  public static CcaTrustAnchors of(List<? extends PublicKey> keys) throws EvidenceException {
    List<Entry> out = new ArrayList<>();
    for (PublicKey k : keys) {
      if (!(k instanceof ECPublicKey ec)) {
        throw new EvidenceException("CPAK trust anchor is not an EC key");
      }
      out.add(new Entry(ec, Optional.empty(), Optional.empty()));
    }
    return bounded(out);
  }

  /** Unbound anchors from every {@code *.pem} / {@code *.pub} SPKI file in a directory. */
  public static CcaTrustAnchors fromDirectory(Path dir) throws EvidenceException {
    List<PublicKey> keys = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (Files.isRegularFile(f) && (n.endsWith(".pem") || n.endsWith(".pub"))) {
          keys.addAll(pemKeys(read(f)));
        }
      }
    } catch (IOException e) {
      throw new EvidenceException("cannot read CPAK directory " + dir, e);
    }
    return of(keys);
  }

  /**
   * Bound anchors from upstream's trust-anchor store (rust-ccatoken {@code tastore.json}): a JSON
   * array of {@code {"pkey": EC JWK, "implementation-id": hex, "instance-id": hex}}.
   */
  public static CcaTrustAnchors fromTaStore(Path file) throws EvidenceException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(read(file));
    } catch (IOException e) {
      throw new EvidenceException("cannot parse CCA trust-anchor store " + file, e);
    }
    if (root == null || !root.isArray()) {
      throw new EvidenceException("CCA trust-anchor store is not a JSON array");
    }
    List<Entry> out = new ArrayList<>();
    for (JsonNode e : root) {
      out.add(new Entry(jwk(e.path("pkey")), hex(e, "implementation-id", 32),
          hex(e, "instance-id", 33)));
    }
    return bounded(out);
  }

  /** This store plus {@code other}'s entries. */
  public CcaTrustAnchors with(CcaTrustAnchors other) throws EvidenceException {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(other.entries);
    return bounded(all);
  }

  public List<Entry> entries() {
    return entries;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  private static CcaTrustAnchors bounded(List<Entry> entries) throws EvidenceException {
    if (entries.size() > MAX_ENTRIES) {
      throw new EvidenceException("more than " + MAX_ENTRIES + " CPAK trust anchors");
    }
    return new CcaTrustAnchors(entries);
  }

  private static String read(Path f) throws EvidenceException {
    try {
      if (Files.size(f) > MAX_FILE_BYTES) {
        throw new EvidenceException("trust-anchor file too large: " + f);
      }
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EvidenceException("cannot read trust-anchor file " + f, e);
    }
  }

  static List<PublicKey> pemKeys(String pem) throws EvidenceException {
    List<PublicKey> keys = new ArrayList<>();
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    int from = pem.indexOf(begin);
    while (from >= 0) {
      int stop = pem.indexOf(end, from);
      if (stop < 0) {
        throw new EvidenceException("unterminated PEM public key");
      }
      byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), stop));
      try {
        keys.add(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)));
      } catch (GeneralSecurityException e) {
        throw new EvidenceException("CPAK PEM is not an EC public key", e);
      }
      from = pem.indexOf(begin, stop);
    }
    return keys;
  }

  private static ECPublicKey jwk(JsonNode k) throws EvidenceException {
    if (!"EC".equals(k.path("kty").asText())) {
      throw new EvidenceException("trust-anchor pkey is not an EC JWK");
    }
    String curve = switch (k.path("crv").asText()) {
      case "P-256" -> "secp256r1";
      case "P-384" -> "secp384r1";
      case "P-521" -> "secp521r1";
      default -> throw new EvidenceException("trust-anchor curve " + k.path("crv").asText());
    };
    try {
      Base64.Decoder b64 = Base64.getUrlDecoder();
      ECPoint w = new ECPoint(new BigInteger(1, b64.decode(k.path("x").asText())),
          new BigInteger(1, b64.decode(k.path("y").asText())));
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(curve));
      ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
      return (ECPublicKey) KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(w, spec));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new EvidenceException("trust-anchor pkey is not a valid EC JWK", e);
    }
  }

  private static Optional<byte[]> hex(JsonNode e, String field, int size) throws EvidenceException {
    if (!e.has(field)) {
      return Optional.empty();
    }
    try {
      byte[] b = HexFormat.of().parseHex(e.get(field).asText());
      if (b.length != size) {
        throw new EvidenceException("trust-anchor " + field + " must be " + size + " bytes");
      }
      return Optional.of(b);
    } catch (IllegalArgumentException ex) {
      throw new EvidenceException("trust-anchor " + field + " is not hex", ex);
    }
  }

  @Override
  public String toString() {
    return "CcaTrustAnchors[" + entries.size() + " CPAKs]";
  }
}
