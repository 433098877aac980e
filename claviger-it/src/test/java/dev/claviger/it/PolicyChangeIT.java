package dev.claviger.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.KbsClient;
import dev.claviger.agent.KbsClientException;
import dev.claviger.agent.KbsClientException.Reason;
import dev.claviger.agent.ResourcePath;
import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decisions follow the current policies and reference values, and fail closed. */
class PolicyChangeIT {
  private static final ResourcePath PATH = ResourcePath.parse("default/key/disk");
  private static final byte[] SECRET = "policy-change-secret".getBytes(StandardCharsets.UTF_8);
  @TempDir Path dir;
  private ClavigerFixture kbs;

  @BeforeEach
  void start() throws Exception {
    kbs = ClavigerFixture.start(dir);
  }

  @AfterEach
  void stop() {
    kbs.close();
  }

  @Test
  void getResource_policyChangedToDeny_refusedWithPolicyDeny() throws Exception {
    kbs.seed(PATH.toString(), SECRET);
    KbsClient client = kbs.client().build();
    try (SecretBytes secret = client.getResource(PATH)) {
      assertThat(secret.contentEquals(SECRET)).isTrue();
    }

    kbs.setResourcePolicy(ClavigerFixture.DENY_ALL_POLICY);

    assertThatThrownBy(() -> client.getResource(PATH))
        .isInstanceOfSatisfying(KbsClientException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.REFUSED);
          assertThat(e.status()).hasValue(401);
          assertThat(e.errorType()).hasValue("https://github.com/confidential-containers/kbs/errors/PolicyDeny");
        });
    assertThatThrownBy(() -> kbs.client().build().getResource(PATH)).isInstanceOf(KbsClientException.class);
  }

  @Test
  void getResource_noReferenceValues_notAffirmingSoRefused() throws Exception {
    kbs.setResourcePolicy(ClavigerFixture.AFFIRMING_POLICY);
    kbs.setResource(PATH.toString(), SECRET);

    assertThatThrownBy(() -> kbs.client().build().getResource(PATH))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
  }

  @Test
  void getResource_defaultResourcePolicy_refusesSampleTee() throws Exception {
    kbs.registerSampleReferenceValues();
    kbs.setResource(PATH.toString(), SECRET);

    assertThatThrownBy(() -> kbs.client().build().getResource(PATH))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
  }

  @Test
  void getResource_afterDelete_refused() throws Exception {
    kbs.seed(PATH.toString(), SECRET);
    kbs.admin("delete-resource", PATH.toString());

    assertThatThrownBy(() -> kbs.client().build().getResource(PATH))
        .isInstanceOfSatisfying(KbsClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
  }

  @Test
  void getReferenceValue_afterSet_printsValue() throws Exception {
    kbs.registerSampleReferenceValues();

    ClavigerFixture.CliResult result = kbs.admin("get-reference-value", "svn");

    assertThat(result.out().strip()).isEqualTo("[\"1\"]");
  }
}
