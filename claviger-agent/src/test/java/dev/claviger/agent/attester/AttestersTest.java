package dev.claviger.agent.attester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.SampleAttester;
import dev.claviger.agent.attester.internal.TsmReportSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Detection order over fake guest roots holding several platforms' markers at once. */
class AttestersTest {
  @TempDir
  Path root;

  private PlatformPaths paths() {
    return PlatformPathsTesting.paths(root);
  }

  @Test
  void detect_tdxProviderSevGuestAndTpm_tdxFirst() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.TDX, new byte[] {1});
    PlatformPathsTesting.touch(root, SnpAttester.PLATFORM_DEVICE);
    PlatformPathsTesting.touch(root, "/dev/tpmrm0");

    assertThat(Attesters.detect(paths(), tsm)).isInstanceOf(TdxAttester.class);
    assertThat(tsm.liveEntries()).isZero();
  }

  @Test
  void detect_devTdxGuestWithoutConfigfs_tdxAsUpstream() throws Exception {
    PlatformPathsTesting.touch(root, TdxAttester.TDX_GUEST_DEVICE);
    PlatformPathsTesting.touch(root, SnpAttester.PLATFORM_DEVICE);

    assertThat(Attesters.detect(paths())).isInstanceOf(TdxAttester.class);
  }

  @Test
  void detect_sevGuestPlatformAndCcaProvider_snpBeforeCca() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, new byte[] {1});
    PlatformPathsTesting.touch(root, SnpAttester.PLATFORM_DEVICE);

    assertThat(Attesters.detect(paths(), tsm)).isInstanceOf(SnpAttester.class);
  }

  @Test
  void detect_ccaProviderAndSgxMarker_sgxSkippedCcaChosen() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, new byte[] {1});
    PlatformPathsTesting.touch(root, "/dev/attestation/attestation_type");

    Attester a = Attesters.detect(paths(), tsm);

    assertThat(a).isInstanceOf(CcaAttester.class);
    assertThat(a.tee()).isEqualTo("cca");
  }

  @Test
  void detect_ccaProviderAndTpm_ccaBeforeTpm() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, TsmReportSession.CCA, new byte[] {1});
    PlatformPathsTesting.touch(root, "/dev/tpmrm0");

    assertThat(Attesters.detect(paths(), tsm)).isInstanceOf(CcaAttester.class);
  }

  @Test
  void detect_tpmDeviceOnly_tpmBeforeSample() throws Exception {
    PlatformPathsTesting.touch(root, "/dev/tpm0");

    assertThat(Attesters.detect(paths()).tee()).isEqualTo("tpm");
  }

  @Test
  void detect_configfsWithUnknownProviderOnly_fallsBackToSample() throws Exception {
    FakeConfigfsTsm tsm = FakeConfigfsTsm.create(root, "foo_guest\n", new byte[] {1});

    assertThat(Attesters.detect(paths(), tsm)).isInstanceOf(SampleAttester.class);
  }

  @Test
  void detect_emptyRoot_sample() throws Exception {
    assertThat(Attesters.detect(paths())).isInstanceOf(SampleAttester.class);
  }

  @Test
  void byName_supportedNames_attesterOfThatTee() throws Exception {
    for (String tee : new String[] {"tdx", "snp", "cca", "sample", "TDX"}) {
      assertThat(Attesters.byName(tee, paths()).tee()).isEqualTo(tee.toLowerCase());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgx", "az-snp-vtpm", "az-tdx-vtpm", "csv", "se"})
  void byName_upstreamTeeWeLack_notSupported(String tee) {
    assertThatThrownBy(() -> Attesters.byName(tee, paths()))
        .isInstanceOf(AttesterException.class).hasMessageContaining("not supported");
  }

  @Test
  void byName_unknown_refusedWithChoices() {
    assertThatThrownBy(() -> Attesters.byName("tdx2", paths()))
        .isInstanceOf(AttesterException.class).hasMessageContaining("unknown TEE 'tdx2'")
        .hasMessageContaining("tdx, snp, cca, tpm, sample");
  }
}
