package dev.claviger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustAnchorsTest {
  @TempDir Path dir;

  @Test
  void readPem_notACertificate_throws() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> TrustAnchors.readPem(junk)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void readPem_empty_throws() throws Exception {
    Path empty = Files.write(dir.resolve("empty.pem"), new byte[0]);

    assertThatThrownBy(() -> TrustAnchors.readPem(empty)).isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void readPem_oversized_throws() throws Exception {
    Path big = Files.write(dir.resolve("big.pem"), new byte[TrustAnchors.MAX_PEM_BYTES + 1]);

    assertThatThrownBy(() -> TrustAnchors.readPem(big)).isInstanceOf(IOException.class).hasMessageContaining("larger");
  }

  @Test
  void of_emptyList_throws() {
    assertThatThrownBy(() -> TrustAnchors.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void build_sharedHttpClientAndAnchors_conflict() throws Exception {
    TrustAnchors anchors = TrustAnchors.of(List.of(selfSignedFromJdk()));

    assertThatThrownBy(() -> KbsClient.builder(URI.create("https://127.0.0.1:1"), new SampleAttester())
        .httpClient(HttpClient.newHttpClient()).trustAnchors(anchors).build())
        .isInstanceOf(IllegalStateException.class);
    assertThat(anchors.sslContext()).isNotNull();
  }

  /** Any certificate will do: take the first root of the JDK's own trust store. */
  private static java.security.cert.X509Certificate selfSignedFromJdk() throws Exception {
    javax.net.ssl.TrustManagerFactory tmf =
        javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((java.security.KeyStore) null);
    return ((javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers()[0];
  }
}
