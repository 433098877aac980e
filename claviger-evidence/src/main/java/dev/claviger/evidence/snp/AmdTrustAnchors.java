package dev.claviger.evidence.snp;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.snp.internal.BuiltInAmdRoots;
import dev.claviger.evidence.snp.internal.Certs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * AMD trust anchors per generation: the ARK (self-signed, pinned by the SHA-256 of its DER), the
 * ASK (signs VCEKs) and the ASVK (signs VLEKs), and any AMD CRLs. Every ASK, ASVK and CRL must
 * carry a valid signature of its generation's pinned ARK when loaded; anything else in the
 * directory is ignored (certificates) or refused (CRLs).
 *
 * <p>Immutable and thread-safe.
 */
public final class AmdTrustAnchors {
  /** SHA-256 of the production ARKs (KDS {@code /vcek/v1/{product}/cert_chain}). */
  public static final Map<ProcessorGeneration, String> PRODUCTION_ARK_SHA256 = Map.of(
      ProcessorGeneration.MILAN, "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
      ProcessorGeneration.GENOA, "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
      ProcessorGeneration.TURIN, "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a");
  private static final int MAX_FILES = 256;

  private final Map<ProcessorGeneration, Generation> byGeneration;

  /** The keys of one generation. */
  private record Generation(X509Certificate ark, Optional<X509Certificate> ask,
      Optional<X509Certificate> asvk, List<X509CRL> crls) {}

  private AmdTrustAnchors(Map<ProcessorGeneration, Generation> byGeneration) {
    this.byGeneration = byGeneration;
  }

  /** Anchors from {@code dir}, pinning the production ARKs. */
  public static AmdTrustAnchors fromDirectory(Path dir) throws EvidenceException {
    return fromDirectory(dir, Set.copyOf(PRODUCTION_ARK_SHA256.values()));
  }

  /**
   * Loads {@code *.pem, *.der, *.crt, *.cer} (certificates) and {@code *.crl} files of {@code dir}
   * (not recursive). A self-signed certificate named {@code ARK-<generation>} becomes that
   * generation's root only when its fingerprint is in {@code pinnedArkSha256}.
   *
   * @throws EvidenceException unreadable directory, no pinned ARK, or a CRL no ARK signed
   */
  public static AmdTrustAnchors fromDirectory(Path dir, Set<String> pinnedArkSha256)
      throws EvidenceException {
    List<X509Certificate> certs = new ArrayList<>();
    List<X509CRL> crls = new ArrayList<>();
    read(dir, certs, crls);
    return of(certs, crls, pinnedArkSha256);
  }

  /**
   * As {@link #fromDirectory(Path, Set)}, plus the {@code *.crl} files of {@code crlDirs} that
   * exist (e.g. an offline store's {@code crl/} directory).
   */
  public static AmdTrustAnchors fromDirectories(Path dir, List<Path> crlDirs,
      Set<String> pinnedArkSha256) throws EvidenceException {
    List<X509Certificate> certs = new ArrayList<>();
    List<X509CRL> crls = new ArrayList<>();
    read(dir, certs, crls);
    for (Path d : crlDirs) {
      if (Files.isDirectory(d)) {
        List<X509Certificate> ignored = new ArrayList<>();
        read(d, ignored, crls);
      }
    }
    return of(certs, crls, pinnedArkSha256);
  }

  /**
   * AMD's production ARK/ASK/ASVK for Milan, Genoa and Turin (built in, as upstream does), pinned
   * by {@link #PRODUCTION_ARK_SHA256}, plus the {@code *.crl} files of {@code crlDirs} that exist.
   */
  public static AmdTrustAnchors productionBuiltIn(List<Path> crlDirs) throws EvidenceException {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      for (String pem : List.of(BuiltInAmdRoots.MILAN, BuiltInAmdRoots.GENOA, BuiltInAmdRoots.TURIN)) {
        certs.addAll(Certs.certificates(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("built-in AMD certificates do not parse", e);
    }
    List<X509CRL> crls = new ArrayList<>();
    for (Path d : crlDirs) {
      if (Files.isDirectory(d)) {
        read(d, new ArrayList<>(), crls);
      }
    }
    AmdTrustAnchors a = of(certs, crls, Set.copyOf(PRODUCTION_ARK_SHA256.values()));
    for (ProcessorGeneration g : ProcessorGeneration.values()) {
      if (a.ark(g).isEmpty() || a.ask(g).isEmpty() || a.asvk(g).isEmpty()) {
        throw new IllegalStateException("built-in AMD certificates incomplete for " + g.productName());
      }
    }
    return a;
  }

  /** Anchors from given certificates and CRLs (tests, embedding), pinning {@code pinnedArkSha256}. */
  public static AmdTrustAnchors of(List<X509Certificate> certs, List<X509CRL> crls,
      Set<String> pinnedArkSha256) throws EvidenceException {
    Set<String> pins = new HashSet<>();
    pinnedArkSha256.forEach(p -> pins.add(p.toLowerCase(Locale.ROOT)));
    Map<ProcessorGeneration, X509Certificate> arks = new EnumMap<>(ProcessorGeneration.class);
    for (X509Certificate c : certs) {
      if (Certs.selfSigned(c) && pins.contains(Certs.sha256(c))) {
        ProcessorGeneration g = generationOf(c, "ARK-");
        if (!signedBy(c, c)) {
          throw new EvidenceException("pinned ARK " + Certs.sha256(c) + " has a bad self-signature");
        }
        arks.putIfAbsent(g, c);
      }
    }
    if (arks.isEmpty()) {
      throw new EvidenceException("no pinned AMD ARK among the trust anchors");
    }
    Map<ProcessorGeneration, Generation> out = new EnumMap<>(ProcessorGeneration.class);
    for (Map.Entry<ProcessorGeneration, X509Certificate> e : arks.entrySet()) {
      out.put(e.getKey(), generation(e.getKey(), e.getValue(), certs, crls));
    }
    for (X509CRL crl : crls) {
      if (out.values().stream().noneMatch(g -> g.crls.contains(crl))) {
        throw new EvidenceException("CRL from " + crl.getIssuerX500Principal().getName()
            + " is not signed by a pinned ARK");
      }
    }
    return new AmdTrustAnchors(out);
  }

  private static Generation generation(ProcessorGeneration g, X509Certificate ark,
      List<X509Certificate> certs, List<X509CRL> crls) {
    Optional<X509Certificate> ask = intermediate(ark, certs, "SEV-" + g.productName());
    Optional<X509Certificate> asvk = intermediate(ark, certs, "SEV-VLEK-" + g.productName());
    List<X509CRL> mine = new ArrayList<>();
    for (X509CRL crl : crls) {
      if (crl.getIssuerX500Principal().equals(ark.getSubjectX500Principal()) && crlSignedBy(crl, ark)) {
        mine.add(crl);
      }
    }
    return new Generation(ark, ask, asvk, List.copyOf(mine));
  }

  private static Optional<X509Certificate> intermediate(X509Certificate ark,
      List<X509Certificate> certs, String cn) {
    return certs.stream()
        .filter(c -> cn.equals(Certs.commonName(c.getSubjectX500Principal())))
        .filter(c -> c.getIssuerX500Principal().equals(ark.getSubjectX500Principal()))
        .filter(c -> signedBy(c, ark))
        .findFirst();
  }

  private static ProcessorGeneration generationOf(X509Certificate c, String prefix)
      throws EvidenceException {
    String cn = Certs.commonName(c.getSubjectX500Principal());
    Optional<ProcessorGeneration> g = ProcessorGeneration.fromCommonName(cn);
    if (!cn.startsWith(prefix) || g.isEmpty()) {
      throw new EvidenceException("pinned certificate '" + cn + "' is not an AMD ARK");
    }
    return g.get();
  }

  static boolean signedBy(X509Certificate c, X509Certificate issuer) {
    try {
      c.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static boolean crlSignedBy(X509CRL crl, X509Certificate issuer) {
    try {
      crl.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Generations that have a pinned ARK. */
  public Set<ProcessorGeneration> generations() {
    return Set.copyOf(byGeneration.keySet());
  }

  public Optional<X509Certificate> ark(ProcessorGeneration g) {
    return Optional.ofNullable(byGeneration.get(g)).map(Generation::ark);
  }

  /** The ASK (VCEK issuer) of a generation, if the anchors hold one. */
  public Optional<X509Certificate> ask(ProcessorGeneration g) {
    return Optional.ofNullable(byGeneration.get(g)).flatMap(Generation::ask);
  }

  /** The ASVK (VLEK issuer) of a generation, if the anchors hold one. */
  public Optional<X509Certificate> asvk(ProcessorGeneration g) {
    return Optional.ofNullable(byGeneration.get(g)).flatMap(Generation::asvk);
  }

  /** CRLs signed by the generation's ARK (signature already verified). */
  public List<X509CRL> crls(ProcessorGeneration g) {
    return Optional.ofNullable(byGeneration.get(g)).map(Generation::crls).orElse(List.of());
  }

  private static void read(Path dir, List<X509Certificate> certs, List<X509CRL> crls)
      throws EvidenceException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().limit(MAX_FILES).toList()) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.size(f) > Certs.MAX_BYTES) {
          continue;
        }
        if (n.endsWith(".crl")) {
          crls.add(Certs.crl(Files.readAllBytes(f)));
        } else if (n.endsWith(".pem") || n.endsWith(".der") || n.endsWith(".crt") || n.endsWith(".cer")) {
          certs.addAll(Certs.certificates(Files.readAllBytes(f)));
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new EvidenceException("cannot read AMD trust anchors from " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "AmdTrustAnchors" + byGeneration.keySet();
  }
}
