package dev.claviger.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import org.junit.jupiter.api.Test;

class SampleAttesterTest {

  @Test
  void evidence_workedVectorFromGuestComponents_matchesUpstreamJson() throws Exception {
    byte[] reportData = Hex.decode(
        "f6494a36c368fac7e77ac2b5ac81dfa559c696891ac563683e684e11c7cccc233f2dc65f8f9db6117b428766fb958de4");

    String json = Json.write(new SampleAttester().evidence(reportData));

    assertThat(json).isEqualTo(
        "{\"svn\":\"1\",\"report_data\":\"9klKNsNo+sfnesK1rIHfpVnGlokaxWNoPmhOEcfMzCM/LcZfj522EXtCh2b7lY3k\"}");
  }

  @Test
  void evidence_lengthNotMultipleOfThree_usesStandardPadding() throws Exception {
    String json = Json.write(new SampleAttester().evidence(new byte[] {1, 2, 3, 4}));

    assertThat(json).isEqualTo("{\"svn\":\"1\",\"report_data\":\"AQIDBA==\"}");
  }

  @Test
  void evidence_oversizedReportData_throws() {
    assertThatThrownBy(() -> new SampleAttester().evidence(new byte[SampleAttester.MAX_REPORT_DATA + 1]))
        .isInstanceOf(AttesterException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void tee_isSample() {
    assertThat(new SampleAttester().tee()).isEqualTo("sample");
  }
}
