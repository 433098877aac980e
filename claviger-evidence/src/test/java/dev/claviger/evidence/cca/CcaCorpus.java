package dev.claviger.evidence.cca;

import dev.claviger.evidence.testing.SharedCorpus;
import java.nio.file.Path;

/** The CCA part of the shared evidence corpus, read in place; skipped if absent unless CI=true. */
final class CcaCorpus {
  static final String TAG_399 = "cca/ccatoken/cca_token.cbor";
  static final String CMW_907 = "cca/ccatoken/cca_token.cmw907.cbor";
  static final String ROOTS = "roots/arm-cca";

  private CcaCorpus() {}

  static Path root() {
    return SharedCorpus.root();
  }

  static Path path(String rel) {
    return SharedCorpus.path(rel);
  }

  static byte[] bytes(String rel) {
    return SharedCorpus.bytes(rel);
  }

  static CcaTrustAnchors anchors() throws Exception {
    return CcaTrustAnchors.fromDirectory(path(ROOTS));
  }
}
