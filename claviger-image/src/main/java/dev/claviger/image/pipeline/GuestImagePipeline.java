package dev.claviger.image.pipeline;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.crypt.LayerDecryptor;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageConfig;
import dev.claviger.image.oci.ImageIndex;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.oci.Manifest;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.Platform;
import dev.claviger.image.oci.ProgressListener;
import dev.claviger.image.oci.RegistryClient;
import dev.claviger.image.pipeline.ImagePipelineException.Stage;
import dev.claviger.image.pipeline.internal.BlobStore;
import dev.claviger.image.pipeline.internal.LayerApplier;
import dev.claviger.image.policy.PolicyVerifier;
import dev.claviger.image.policy.SignatureSource;
import dev.claviger.image.policy.VerifiedImage;
import dev.claviger.image.runtime.Bundle;
import dev.claviger.image.runtime.ContainerException;
import dev.claviger.image.runtime.RuntimeSpec;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.unpack.LayerUnpacker;
import dev.claviger.image.unpack.UnpackException;
import dev.claviger.image.unpack.UnpackResult;
import dev.claviger.image.unpack.internal.RootfsTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The guest side of a confidential image: pull → verify the signature policy → obtain layer keys
 * (through the confidential data hub when a layer is KBS-encrypted) → decrypt → decompress →
 * check diff_ids → unpack into a fresh bundle → write {@code config.json}. Run the result with
 * {@link dev.claviger.image.runtime.Runc}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>The policy is evaluated on <b>every</b> call, whether or not blobs are cached (image-rs
 *       skips it for cached images; we do not). Everything after verification is fetched by the
 *       verified manifest digest.
 *   <li>Every blob is digest- and size-checked (also when read from the cache); every encrypted
 *       layer's HMAC and plaintext digest are checked; every layer's diff_id is checked.
 *   <li>An encrypted layer without a usable key fails; nothing is ever unpacked unverified.
 *   <li>On any failure the bundle directory is deleted.
 * </ul>
 *
 * Thread-safe when its collaborators are; concurrent calls need distinct bundle directories.
 */
public final class GuestImagePipeline {
  private final RegistryClient registry;
  private final PolicyVerifier verifier;
  private final SignatureSource signatures;
  private final LayerDecryptor decryptor;
  private final LayerUnpacker unpacker;
  private final Platform platform;
  private final Path cacheDir;
  private final ProgressListener progress;
  private final PullMeasurement measurement;

  private GuestImagePipeline(Builder b) {
    this.registry = Objects.requireNonNull(b.registry, "registry");
    this.verifier = Objects.requireNonNull(b.verifier, "verifier");
    this.signatures = Objects.requireNonNull(b.signatures, "signatures");
    this.decryptor = b.decryptor;
    this.unpacker = b.unpacker;
    this.platform = b.platform;
    this.cacheDir = b.cacheDir;
    this.progress = b.progress;
    this.measurement = b.measurement;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** As {@link #prepare(ImageReference, Path, UnaryOperator)} with the image's own process settings. */
  public PreparedImage prepare(ImageReference ref, Path bundleDir) throws ImagePipelineException {
    return prepare(ref, bundleDir, UnaryOperator.identity());
  }

  /**
   * Pulls, verifies, decrypts and unpacks {@code ref} into a new bundle.
   *
   * @param bundleDir must not exist or be empty
   * @param customize adjusts the runtime spec derived from the image config (command, user, ...)
   */
  public PreparedImage prepare(ImageReference ref, Path bundleDir, UnaryOperator<RuntimeSpec.Builder> customize)
      throws ImagePipelineException {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(customize, "customize");
    Selected selected = fetchManifest(ref);
    VerifiedImage verified = verify(ref, selected);
    if (!verified.manifestDigest().equals(selected.manifest().digest())) {
      throw new ImagePipelineException(Stage.SIGNATURE, "verified digest differs from the pulled manifest", null);
    }
    ImageReference pinned = ref.atDigest(verified.manifestDigest());
    ImageConfig config = fetchConfig(pinned, selected.manifest());
    Bundle bundle = createBundle(bundleDir);
    try {
      LayerApplier applier = new LayerApplier(new BlobStore(registry, cacheDir, progress), decryptor, unpacker);
      List<UnpackResult> layers = applier.applyAll(pinned, selected.manifest().layers(), config.diffIds(),
          bundle.rootfs());
      RuntimeSpec spec = customize.apply(RuntimeSpec.fromImage(config.run())).build(bundle.rootfs());
      spec.writeTo(bundle);
      measure(ref, verified);
      int encrypted = (int) selected.manifest().layers().stream()
          .filter(d -> MediaTypes.isEncrypted(d.mediaType())).count();
      return new PreparedImage(verified, verified.manifestDigest(), config, bundle, spec, layers, encrypted);
    } catch (ContainerException e) {
      discard(bundle);
      throw new ImagePipelineException(Stage.BUNDLE, e.getMessage(), e);
    } catch (ImagePipelineException | RuntimeException e) {
      discard(bundle);
      throw e;
    }
  }

  private record Selected(ImageManifest manifest, Optional<ImageIndex> index) {}

  private Selected fetchManifest(ImageReference ref) throws ImagePipelineException {
    Manifest top = getManifest(ref);
    if (top instanceof ImageManifest m) {
      return new Selected(m, Optional.empty());
    }
    ImageIndex index = (ImageIndex) top;
    Descriptor entry = index.select(platform).orElseThrow(() -> new ImagePipelineException(Stage.MANIFEST,
        "the index of " + ref + " has no manifest for " + platform, null));
    if (!(getManifest(ref.atDigest(entry.digest())) instanceof ImageManifest m)) {
      throw new ImagePipelineException(Stage.MANIFEST, "index entry " + entry.digest() + " is not an image", null);
    }
    return new Selected(m, Optional.of(index));
  }

  private Manifest getManifest(ImageReference ref) throws ImagePipelineException {
    try {
      return registry.getManifest(ref);
    } catch (IOException e) {
      throw new ImagePipelineException(Stage.PULL, "fetching the manifest of " + ref + ": " + e.getMessage(), e);
    }
  }

  private VerifiedImage verify(ImageReference ref, Selected s) throws ImagePipelineException {
    try {
      ImageManifest m = s.manifest();
      if (s.index().isPresent()) {
        ImageIndex i = s.index().get();
        return verifier.verifyWithIndex(ref, m.digest(), m.bytes(), i.digest(), i.bytes(), signatures);
      }
      return verifier.verify(ref, m.digest(), m.bytes(), signatures);
    } catch (SignatureException e) {
      throw new ImagePipelineException(Stage.SIGNATURE, e.getMessage(), e);
    }
  }

  private ImageConfig fetchConfig(ImageReference pinned, ImageManifest m) throws ImagePipelineException {
    ImageConfig config;
    try {
      config = ImageConfig.parse(registry.readBlob(pinned, m.config(), ImageConfig.MAX_BYTES));
    } catch (IOException e) {
      throw new ImagePipelineException(Stage.PULL, "fetching the image config: " + e.getMessage(), e);
    } catch (MalformedInputException e) {
      throw new ImagePipelineException(Stage.MANIFEST, "image config: " + e.getMessage(), e);
    }
    if (!platform.accepts(config.platform())) {
      throw new ImagePipelineException(Stage.MANIFEST,
          "image is for " + config.platform() + ", not " + platform, null);
    }
    if (config.diffIds().size() != m.layers().size()) {
      throw new ImagePipelineException(Stage.MANIFEST, "manifest has " + m.layers().size()
          + " layers but the config lists " + config.diffIds().size() + " diff_ids", null);
    }
    return config;
  }

  private static Bundle createBundle(Path dir) throws ImagePipelineException {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          if (s.findAny().isPresent()) {
            throw new ImagePipelineException(Stage.IO, "bundle directory is not empty: " + dir, null);
          }
        }
      }
      Bundle b = new Bundle(dir);
      Files.createDirectories(b.rootfs());
      return b;
    } catch (IOException e) {
      throw new ImagePipelineException(Stage.IO, "creating bundle " + dir + ": " + e, e);
    }
  }

  private void measure(ImageReference ref, VerifiedImage verified) throws ImagePipelineException {
    try {
      measurement.imagePulled(ref, verified.manifestDigest());
    } catch (Exception e) {
      throw new ImagePipelineException(Stage.MEASURE, "recording the pull: " + e.getMessage(), e);
    }
  }

  private static void discard(Bundle bundle) {
    try {
      RootfsTree.deleteTree(bundle.dir());
    } catch (UnpackException ignored) {
      // best effort: the failure that got us here is what the caller needs to see
    }
  }

  /** Collaborators; registry, verifier and signatures are required. */
  public static final class Builder {
    private RegistryClient registry;
    private PolicyVerifier verifier;
    private SignatureSource signatures;
    private LayerDecryptor decryptor;
    private LayerUnpacker unpacker = LayerUnpacker.create();
    private Platform platform = Platform.LINUX_AMD64;
    private Path cacheDir;
    private ProgressListener progress = ProgressListener.NONE;
    private PullMeasurement measurement = PullMeasurement.none();

    private Builder() {}

    /** Records each successful pull (AAEL {@code PullImage}); none by default. */
    public Builder measurement(PullMeasurement measurement) {
      this.measurement = Objects.requireNonNull(measurement, "measurement");
      return this;
    }

    public Builder registry(RegistryClient registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    public Builder verifier(PolicyVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    public Builder signatures(SignatureSource signatures) {
      this.signatures = Objects.requireNonNull(signatures, "signatures");
      return this;
    }

    /** Key resolvers for encrypted layers; without one, an encrypted image fails at DECRYPT. */
    public Builder decryptor(LayerDecryptor decryptor) {
      this.decryptor = Objects.requireNonNull(decryptor, "decryptor");
      return this;
    }

    public Builder unpacker(LayerUnpacker unpacker) {
      this.unpacker = Objects.requireNonNull(unpacker, "unpacker");
      return this;
    }

    public Builder platform(Platform platform) {
      this.platform = Objects.requireNonNull(platform, "platform");
      return this;
    }

    /** Caches blobs by digest here (re-verified on every read). */
    public Builder cacheDir(Path cacheDir) {
      this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
      return this;
    }

    public Builder progress(ProgressListener progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    public GuestImagePipeline build() {
      return new GuestImagePipeline(this);
    }
  }
}
