package dev.claviger.image.unpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LayerCompressionTest {
  @ParameterizedTest
  @CsvSource({
      "application/vnd.oci.image.layer.v1.tar, NONE",
      "application/vnd.oci.image.layer.v1.tar+gzip, GZIP",
      "application/vnd.oci.image.layer.v1.tar+zstd, ZSTD",
      "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip, GZIP",
      "application/vnd.docker.image.rootfs.diff.tar.gzip, GZIP",
      "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip, GZIP"})
  void forMediaType_layerTypes_mapToCompression(String mediaType, LayerCompression expected) throws Exception {
    assertThat(LayerCompression.forMediaType(mediaType)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/vnd.oci.image.layer.v1.tar+gzip+encrypted",
      "application/vnd.oci.image.layer.v1.tar+zstd+encrypted"})
  void forMediaType_stillEncrypted_refusedAsUnsupported(String mediaType) {
    assertThatThrownBy(() -> LayerCompression.forMediaType(mediaType))
        .isInstanceOfSatisfying(UnpackException.class,
            e -> assertThat(e.kind()).isEqualTo(UnpackException.Kind.UNSUPPORTED))
        .hasMessageContaining("encrypted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/vnd.oci.image.config.v1+json", "application/octet-stream", "",
      "application/vnd.oci.image.layer.v1.tar+bzip2"})
  void forMediaType_notATarLayer_refusedAsUnsupported(String mediaType) {
    assertThatThrownBy(() -> LayerCompression.forMediaType(mediaType))
        .isInstanceOfSatisfying(UnpackException.class,
            e -> assertThat(e.kind()).isEqualTo(UnpackException.Kind.UNSUPPORTED));
  }

  @Test
  void limits_nonPositive_rejected() {
    assertThatThrownBy(() -> UnpackLimits.DEFAULT.withMaxEntries(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnpackLimits.DEFAULT.withMaxHeaderBytes(100)).isInstanceOf(IllegalArgumentException.class);
  }
}
