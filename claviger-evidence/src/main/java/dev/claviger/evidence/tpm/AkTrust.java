package dev.claviger.evidence.tpm;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.tpm.internal.AkAnchorLoader;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which attestation keys the verifier trusts: AK certificates chaining to configured CA roots
 * (e.g. the GCE EK/AK CAs), and/or AK public keys listed by SHA-256 of their DER
 * SubjectPublicKeyInfo (upstream's {@code trusted_ak_keys_dir}). With neither configured nothing is
 * trusted, unless {@link #deferToPolicy()} explicitly hands the decision to the appraisal policy
 * (upstream's {@code ak_public} in reference value {@code trusted_aks}). Immutable, thread-safe.
 */
public final class AkTrust {
  /** How an AK came to be trusted; the {@code ak_trust} claim. */
  public enum Basis {
    CERTIFICATE("certificate"), CONFIGURED_KEY("configured_key"), POLICY("policy");

    private final String claim;

    Basis(String claim) {
      this.claim = claim;
    }

    public String claim() {
      return claim;
    }
  }

  private static final AkTrust NONE = new AkTrust(Set.of(), List.of(), Set.of(), false);

  private final Set<TrustAnchor> roots;
  private final List<X509Certificate> intermediates;
  private final Set<String> keyHashes;
  private final boolean deferToPolicy;

  private AkTrust(Set<TrustAnchor> roots, List<X509Certificate> intermediates,
      Set<String> keyHashes, boolean deferToPolicy) {
    this.roots = Set.copyOf(roots);
    this.intermediates = List.copyOf(intermediates);
    this.keyHashes = Set.copyOf(keyHashes);
    this.deferToPolicy = deferToPolicy;
  }

  /** Trusts nothing. */
  public static AkTrust none() {
    return NONE;
  }

  /**
   * Loads a directory: certificates ({@code .crt .cer .pem .der}; self-signed ones become roots,
   * others intermediates) and AK public keys ({@code .pub}, PEM SubjectPublicKeyInfo).
   */
  public static AkTrust fromDirectory(Path dir) throws EvidenceException {
    AkAnchorLoader.Loaded l = AkAnchorLoader.load(dir);
    Set<TrustAnchor> anchors = new HashSet<>();
    l.roots().forEach(c -> anchors.add(new TrustAnchor(c, null)));
    return new AkTrust(anchors, l.intermediates(), l.keyHashes(), false);
  }

  /** A copy that also trusts these CA roots and intermediates. */
  public AkTrust withCertificates(List<X509Certificate> rootCerts, List<X509Certificate> inter) {
    Set<TrustAnchor> r = new HashSet<>(roots);
    rootCerts.forEach(c -> r.add(new TrustAnchor(c, null)));
    List<X509Certificate> i = new ArrayList<>(intermediates);
    i.addAll(inter);
    return new AkTrust(r, i, keyHashes, deferToPolicy);
  }

  /** A copy that also trusts these AK public keys. */
  public AkTrust withKeys(List<PublicKey> keys) {
    Set<String> h = new HashSet<>(keyHashes);
    keys.forEach(k -> h.add(spkiHash(k)));
    return new AkTrust(roots, intermediates, h, deferToPolicy);
  }

  /** A copy that merges another trust set. */
  public AkTrust with(AkTrust other) {
    Set<TrustAnchor> r = new HashSet<>(roots);
    r.addAll(other.roots);
    List<X509Certificate> i = new ArrayList<>(intermediates);
    i.addAll(other.intermediates);
    Set<String> h = new HashSet<>(keyHashes);
    h.addAll(other.keyHashes);
    return new AkTrust(r, i, h, deferToPolicy || other.deferToPolicy);
  }

  /**
   * INSECURE unless the appraisal policy checks {@code ak_public}: accepts any AK, marking the
   * result {@code ak_trust: "policy"}, as upstream's {@code tpm} verifier does.
   */
  public AkTrust deferringToPolicy() {
    return new AkTrust(roots, intermediates, keyHashes, true);
  }

  public boolean deferToPolicy() {
    return deferToPolicy;
  }

  /** Whether any anchor or key is configured. */
  public boolean isEmpty() {
    return roots.isEmpty() && keyHashes.isEmpty();
  }

  /**
   * Decides whether {@code ak} is trusted.
   *
   * @param akCert the AK certificate, when the evidence carries one
   * @param chain further certificates the evidence carries (untrusted; used to build a path)
   * @param at the evaluation instant for certificate validity
   */
  public Basis check(PublicKey ak, X509Certificate akCert, List<X509Certificate> chain,
      Instant at) throws TpmRejectedException {
    Objects.requireNonNull(ak, "ak");
    String why = "no AK certificate";
    if (akCert != null) {
      if (!MessageDigest.isEqual(akCert.getPublicKey().getEncoded(), ak.getEncoded())) {
        throw new TpmRejectedException(TpmError.AK_UNTRUSTED,
            "the AK certificate certifies a different key than the quote's AK");
      }
      if (roots.isEmpty()) {
        why = "AK certificate present but no AK CA anchors configured";
      } else {
        String failure = chainFailure(akCert, chain, at);
        if (failure == null) {
          return Basis.CERTIFICATE;
        }
        why = "AK certificate does not chain to a configured anchor: " + failure;
      }
    }
    if (keyHashes.contains(spkiHash(ak))) {
      return Basis.CONFIGURED_KEY;
    }
    if (deferToPolicy) {
      return Basis.POLICY;
    }
    throw new TpmRejectedException(TpmError.AK_UNTRUSTED,
        why + "; AK is not a configured trusted key");
  }

  private String chainFailure(X509Certificate leaf, List<X509Certificate> chain, Instant at) {
    try {
      X509CertSelector target = new X509CertSelector();
      target.setCertificate(leaf);
      PKIXBuilderParameters p = new PKIXBuilderParameters(roots, target);
      List<X509Certificate> pool = new ArrayList<>(intermediates);
      pool.addAll(chain);
      pool.add(leaf);
      p.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
      // Cloud EK/AK CAs publish no CRLs; validity and signatures are what can be checked offline.
      p.setRevocationEnabled(false);
      p.setDate(Date.from(at));
      PKIXCertPathBuilderResult r =
          (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(p);
      return r == null ? "no path" : null;
    } catch (java.security.GeneralSecurityException e) {
      return e.getMessage();
    }
  }

  /** Lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo. */
  public static String spkiHash(PublicKey key) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "AkTrust[roots=" + roots.size() + ", intermediates=" + intermediates.size()
        + ", keys=" + keyHashes.size() + ", deferToPolicy=" + deferToPolicy + "]";
  }
}
