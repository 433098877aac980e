package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.tpm.AkTrust;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Reads an AK anchor directory: CA certificates and trusted AK public keys. */
public final class AkAnchorLoader {
  /** Upstream's cap on trusted AK key files; a directory is not a database. */
  public static final int MAX_FILES = 100;
  static final long MAX_FILE_BYTES = 256 * 1024;

  private AkAnchorLoader() {}

  /** Roots (self-signed), intermediates, and SHA-256 hashes of trusted AK SPKIs. */
  public record Loaded(List<X509Certificate> roots, List<X509Certificate> intermediates,
      Set<String> keyHashes) {}

  public static Loaded load(Path dir) throws EvidenceException {
    if (!Files.isDirectory(dir)) {
      throw new EvidenceException("AK anchor directory " + dir + " does not exist");
    }
    List<X509Certificate> roots = new ArrayList<>();
    List<X509Certificate> inter = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (Path p : files(dir)) {
      String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
      byte[] data = read(p);
      if (name.endsWith(".pub")) {
        keys.add(AkTrust.spkiHash(publicKey(data, p)));
      } else if (name.matches(".*\\.(crt|cer|pem|der)$")) {
        for (X509Certificate c : certificates(data, p)) {
          (selfSigned(c) ? roots : inter).add(c);
        }
      }
    }
    return new Loaded(roots, inter, keys);
  }

  private static TreeSet<Path> files(Path dir) throws EvidenceException {
    TreeSet<Path> out = new TreeSet<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isRegularFile(p)) {
          out.add(p);
          if (out.size() > MAX_FILES) {
            throw new EvidenceException("more than " + MAX_FILES + " files in " + dir);
          }
        }
      }
    } catch (IOException e) {
      throw new EvidenceException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static byte[] read(Path p) throws EvidenceException {
    try {
      if (Files.size(p) > MAX_FILE_BYTES) {
        throw new EvidenceException(p + " is larger than " + MAX_FILE_BYTES + " bytes");
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new EvidenceException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  static List<X509Certificate> certificates(byte[] data, Path p) throws EvidenceException {
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(data))) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new EvidenceException("cannot parse certificates in " + p + ": " + e.getMessage(), e);
    }
  }

  /** A PEM ({@code PUBLIC KEY}) or DER SubjectPublicKeyInfo, RSA or EC. */
  public static PublicKey publicKey(byte[] data, Object source) throws EvidenceException {
    byte[] der = data;
    String text = new String(data, StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN PUBLIC KEY-----")) {
      String b64 = text.substring(text.indexOf("-----BEGIN PUBLIC KEY-----") + 26);
      int end = b64.indexOf("-----END PUBLIC KEY-----");
      if (end < 0) {
        throw new EvidenceException("unterminated PEM public key in " + source);
      }
      der = Base64.getMimeDecoder().decode(b64.substring(0, end));
    }
    for (String alg : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next key type
      }
    }
    throw new EvidenceException("no RSA or EC public key in " + source);
  }

  private static boolean selfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
