package dev.claviger.image.policy.internal;

import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.Hex;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.policy.KeyResolver;
import dev.claviger.image.policy.KeySource;
import dev.claviger.image.policy.PolicyRequirement;
import dev.claviger.image.policy.SignatureSource;
import dev.claviger.image.policy.SignedIdentity;
import dev.claviger.image.sign.Cosign;
import dev.claviger.image.sign.CosignKeys;
import dev.claviger.image.sign.CosignSignature;
import dev.claviger.image.sign.GpgKeyring;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.SignedPayload;
import dev.claviger.image.sign.SimpleSigning;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import dev.claviger.image.sign.internal.DockerName;

/**
 * Evaluates signedBy and sigstoreSigned for one image: fetch signatures for every candidate
 * manifest (the platform manifest and, when given, its index), accept if any one signature passes
 * every check (cryptography, then digest, then identity, the order containers/image uses).
 */
public final class RequirementChecks {
  /** A manifest a signature may name: its digest and exact bytes. */
  public record Candidate(Digest digest, byte[] bytes) {
    public Candidate {
      Objects.requireNonNull(digest, "digest");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  private final ImageReference image;
  private final DockerName imageName;
  private final List<Candidate> candidates;
  private final SignatureSource source;
  private final KeyResolver keys;
  private final Clock clock;

  public RequirementChecks(ImageReference image, List<Candidate> candidates, SignatureSource source,
      KeyResolver keys, Clock clock) {
    this.image = image;
    this.imageName = identityOf(image);
    this.candidates = List.copyOf(candidates);
    this.source = source;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The identity signatures are matched against: {@code name:tag} when the image was named by tag
   * (its digest is checked separately), else {@code name@digest}.
   */
  public static DockerName identityOf(ImageReference ref) {
    String text = ref.registry() + "/" + ref.repository()
        + (ref.tag().isEmpty() ? "@" + ref.digest().orElseThrow() : ":" + ref.tag());
    return DockerName.parse(text);
  }

  /** @return what accepted the image, e.g. {@code signedBy <fingerprint>} */
  public String signedBy(PolicyRequirement.SignedBy req) throws SignatureException {
    if (!req.keyType().equals("GPGKeys")) {
      throw new SignatureException(Kind.UNSUPPORTED, "signedBy keyType " + req.keyType() + " is not implemented");
    }
    GpgKeyring trusted = gpgKeys(req.keys());
    List<byte[]> sigs = new ArrayList<>();
    for (Candidate c : candidates) {
      sigs.addAll(source.simpleSigningSignatures(image, c.digest()));
    }
    if (sigs.isEmpty()) {
      throw new SignatureException(Kind.UNSIGNED, "a signature was required, but no signature exists");
    }
    Failures failures = new Failures();
    for (byte[] sig : sigs) {
      try {
        SignedPayload p = SimpleSigning.verify(sig, trusted, clock);
        checkPayload(p, req.identity());
        return "signedBy " + p.signer();
      } catch (SignatureException e) {
        failures.add(e);
      }
    }
    throw failures.summary(sigs.size());
  }

  public String sigstoreSigned(PolicyRequirement.SigstoreSigned req) throws SignatureException {
    if (req.unsupported().isPresent()) {
      throw new SignatureException(Kind.UNSUPPORTED, req.unsupported().get());
    }
    List<PublicKey> trusted = cosignKeys(req.keys().orElseThrow());
    List<CosignSignature> layers = new ArrayList<>();
    for (Candidate c : candidates) {
      for (CosignSignature l : source.cosignSignatures(image, c.digest())) {
        // other attachment kinds (attestations, SBOMs) share the tag; they are not signatures
        if (l.mediaType().equals(Cosign.SIMPLE_SIGNING_MEDIA_TYPE)) {
          layers.add(l);
        }
      }
    }
    if (layers.isEmpty()) {
      throw new SignatureException(Kind.UNSIGNED, "a cosign signature was required, but none exists");
    }
    Failures failures = new Failures();
    for (CosignSignature l : layers) {
      try {
        SignedPayload p = Cosign.verify(l, trusted);
        checkPayload(p, req.identity());
        return "sigstoreSigned " + p.signer();
      } catch (SignatureException e) {
        failures.add(e);
      }
    }
    throw failures.summary(layers.size());
  }

  private void checkPayload(SignedPayload p, SignedIdentity rule) throws SignatureException {
    String signedDigest = p.payload().manifestDigest();
    boolean digestOk = false;
    for (Candidate c : candidates) {
      digestOk |= digestMatches(signedDigest, c.bytes());
    }
    if (!digestOk) {
      throw new SignatureException(Kind.DIGEST_MISMATCH,
          "signature for digest " + signedDigest + " does not match the image");
    }
    if (!IdentityMatcher.matches(rule, imageName, p.payload().dockerReference())) {
      throw new SignatureException(Kind.IDENTITY_MISMATCH, "signature for identity '"
          + PolicyJson.abbreviate(p.payload().dockerReference()) + "' is not accepted for " + imageName);
    }
  }

  /** The signed digest may use another algorithm than the registry's; hash the bytes with it. */
  private static boolean digestMatches(String signed, byte[] manifest) {
    int colon = signed.indexOf(':');
    try {
      HashAlgorithm alg = HashAlgorithm.fromWireName(signed.substring(0, colon));
      byte[] want = Hex.decode(signed.substring(colon + 1));
      return MessageDigest.isEqual(alg.newDigest().digest(manifest), want);
    } catch (MalformedInputException e) {
      return false;
    }
  }

  private GpgKeyring gpgKeys(KeySource src) throws SignatureException {
    List<GpgKeyring> rings = new ArrayList<>();
    for (byte[] k : keyBytes(src)) {
      rings.add(GpgKeyring.parse(k));
    }
    return GpgKeyring.merge(rings);
  }

  private List<PublicKey> cosignKeys(KeySource src) throws SignatureException {
    List<PublicKey> out = new ArrayList<>();
    for (byte[] k : keyBytes(src)) {
      out.add(CosignKeys.parsePublicKey(k));
    }
    return out;
  }

  private List<byte[]> keyBytes(KeySource src) throws SignatureException {
    return switch (src) {
      case KeySource.Inline inline -> inline.keys();
      case KeySource.Paths paths -> {
        List<byte[]> out = new ArrayList<>();
        for (String p : paths.paths()) {
          out.add(keys.read(p));
        }
        yield out;
      }
    };
  }

  /** Keeps the failure that got furthest through the checks, and all messages. */
  private static final class Failures {
    private final List<SignatureException> all = new ArrayList<>();

    void add(SignatureException e) {
      all.add(e);
    }

    SignatureException summary(int count) {
      SignatureException best = all.get(0);
      for (SignatureException e : all) {
        if (rank(e.kind()) > rank(best.kind())) {
          best = e;
        }
      }
      if (all.size() == 1) {
        return best;
      }
      StringBuilder sb = new StringBuilder("none of the " + count + " signatures were accepted:");
      for (SignatureException e : all) {
        sb.append(" [").append(e.getMessage()).append(']');
      }
      return new SignatureException(best.kind(), sb.toString(), best);
    }

    private static int rank(Kind k) {
      return switch (k) {
        case IDENTITY_MISMATCH -> 4;
        case DIGEST_MISMATCH -> 3;
        case UNTRUSTED_KEY -> 2;
        case BAD_SIGNATURE -> 1;
        default -> 0;
      };
    }
  }
}
