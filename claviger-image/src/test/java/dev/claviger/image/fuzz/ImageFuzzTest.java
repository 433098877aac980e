package dev.claviger.image.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.crypt.EncAnnotations;
import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.JweKeyResolver;
import dev.claviger.image.crypt.KeyProviderResolver;
import dev.claviger.image.crypt.LayerDecryptor;
import dev.claviger.image.crypt.PrivateLayerOptions;
import dev.claviger.image.crypt.PublicLayerOptions;
import dev.claviger.image.crypt.UnlockedLayer;
import dev.claviger.image.oci.ImageConfig;
import dev.claviger.image.oci.ImageIndex;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.Manifest;
import dev.claviger.image.oci.MediaTypes;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jazzer targets for the image parsers: manifests, indexes, configs, the ocicrypt annotations and
 * options, and the tar unpacker (see {@link TarFuzzTarget}). Whatever the input, a parser either
 * accepts it or throws its typed rejection; anything else escapes to Jazzer as a finding. Plain
 * {@code mvn test} replays the seeds under {@code ImageFuzzTestInputs/<method>/} only;
 * {@code bin/fuzz} fuzzes each method for its maxDuration (JAZZER_FUZZ=1).
 */
class ImageFuzzTest {
  private static final PrivateKey RSA = rsaKey();

  private static PrivateKey rsaKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair().getPrivate();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A parser call that may throw anything; {@link #typed} decides what is acceptable. */
  private interface Parse {
    void run() throws Exception;
  }

  private static void typed(Parse p) {
    try {
      p.run();
    } catch (MalformedInputException | ImageCryptException expected) {
      // the only permitted failures
    } catch (RuntimeException | Error finding) {
      throw finding;
    } catch (Exception e) {
      throw new AssertionError("untyped checked exception from a parser", e);
    }
  }

  /** Manifests, indexes (with and without a transport media type) and image configs. */
  @FuzzTest(maxDuration = "30s")
  void manifest_arbitraryBytes_onlyTypedErrors(byte[] data) {
    typed(() -> Manifest.parse(data, null));
    typed(() -> Manifest.parse(data, MediaTypes.OCI_INDEX));
    typed(() -> ImageManifest.parse(data, MediaTypes.DOCKER_MANIFEST));
    typed(() -> ImageIndex.parse(data, null));
    typed(() -> ImageConfig.parse(data));
  }

  /**
   * ocicrypt layer annotations: pubopts, JWE recipients (opened with a fixed RSA key) and a
   * key-provider packet whose provider answer is fuzzed too, plus the options JSON itself.
   */
  @FuzzTest(maxDuration = "30s")
  void encAnnotations_arbitraryInput_onlyTypedErrors(FuzzedDataProvider in) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(EncAnnotations.PUBOPTS, in.consumeString(512));
    if (in.consumeBoolean()) {
      annotations.put(EncAnnotations.KEYS_JWE, in.consumeString(4096));
    }
    annotations.put(EncAnnotations.provider(EncAnnotations.ATTESTATION_AGENT), in.consumeString(1024));
    byte[] providerAnswer = in.consumeBytes(2048);
    byte[] options = in.consumeRemainingAsBytes();
    typed(() -> PublicLayerOptions.fromAnnotation(annotations.get(EncAnnotations.PUBOPTS)));
    typed(() -> PublicLayerOptions.parse(options));
    typed(() -> PrivateLayerOptions.parse(options));
    LayerDecryptor decryptor = new LayerDecryptor(List.of(new JweKeyResolver(List.of(RSA)),
        new KeyProviderResolver(EncAnnotations.ATTESTATION_AGENT, json -> providerAnswer)));
    typed(() -> {
      try (UnlockedLayer unlocked = decryptor.unlock(annotations)) {
        unlocked.plaintextDigest();
      }
    });
  }

  /** Raw bytes as an uncompressed layer: only typed errors, never a write outside the rootfs. */
  @FuzzTest(maxDuration = "60s")
  void tar_arbitraryBytes_neverWritesOutsideRootfs(byte[] data) {
    TarFuzzTarget.unpackRaw(data);
  }

  /**
   * Structured tars from hostile names, link targets, whiteouts and PAX headers, applied as two
   * layers: never a write outside the rootfs.
   */
  @FuzzTest(maxDuration = "60s")
  void tar_hostileEntries_neverWritesOutsideRootfs(FuzzedDataProvider in) {
    TarFuzzTarget.unpackStructured(in);
  }
}
