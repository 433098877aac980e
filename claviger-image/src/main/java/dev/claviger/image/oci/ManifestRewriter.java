package dev.claviger.image.oci;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * A last edit of an image manifest before {@link ImageCopier} writes it (after layer
 * transforms), e.g. to add annotations. Returning the argument keeps its exact bytes.
 */
@FunctionalInterface
public interface ManifestRewriter {
  ImageManifest rewrite(ImageManifest manifest) throws IOException, GeneralSecurityException;

  static ManifestRewriter none() {
    return m -> m;
  }
}
