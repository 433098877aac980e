package dev.claviger.image.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.claviger.agent.cdh.CdhException;
import dev.claviger.agent.cdh.ConfidentialDataHub;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyResolverTest {
  @TempDir Path tmp;

  @Test
  void files_readsPathsAndFileUrls_refusesOtherSchemes() throws Exception {
    Path k = Files.writeString(tmp.resolve("k.pub"), "key");
    assertThat(KeyResolver.files().read(k.toString())).isEqualTo("key".getBytes(StandardCharsets.UTF_8));
    assertThat(KeyResolver.files().read("file://" + k)).isEqualTo("key".getBytes(StandardCharsets.UTF_8));
    for (String bad : List.of("kbs:///default/k/1", "https://x.test/k", tmp.resolve("missing").toString())) {
      SignatureException e = catchThrowableOfType(SignatureException.class, () -> KeyResolver.files().read(bad));
      assertThat(e.kind()).as(bad).isEqualTo(Kind.CONFIGURATION);
    }
  }

  @Test
  void withKbs_fetchesKbsPathsThroughTheHubEveryTime() throws Exception {
    List<String> asked = new ArrayList<>();
    ConfidentialDataHub cdh = ConfidentialDataHub.builder(path -> {
      asked.add(path.toString());
      if (path.tag().equals("gone")) {
        throw new CdhException(CdhException.Kind.RESOURCE_UNAVAILABLE, "no such resource");
      }
      return SecretBytes.copyOf("pem".getBytes(StandardCharsets.UTF_8));
    }).build();
    Path local = Files.writeString(tmp.resolve("local.pub"), "local");
    KeyResolver r = KeyResolver.withKbs(cdh, KeyResolver.files());
    assertThat(r.read("kbs:///default/cosign/pub")).isEqualTo("pem".getBytes(StandardCharsets.UTF_8));
    assertThat(r.read("kbs:///default/cosign/pub")).isEqualTo("pem".getBytes(StandardCharsets.UTF_8));
    assertThat(asked).hasSize(2);
    assertThat(r.read(local.toString())).isEqualTo("local".getBytes(StandardCharsets.UTF_8));
    SignatureException e = catchThrowableOfType(SignatureException.class, () -> r.read("kbs:///default/cosign/gone"));
    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
  }
}
