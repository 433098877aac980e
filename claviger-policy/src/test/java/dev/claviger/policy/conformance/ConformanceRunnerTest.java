package dev.claviger.policy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.RegoVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceRunnerTest {
  @TempDir Path dir;

  @Test
  void runFile_mixedCases_reportsPassFailAndSkip() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, """
        cases:
          - note: right
            modules: ["package t\\nx := {1, 2}"]
            query: data.t.x
            want_result: {"set!": [2, 1]}
          - note: wrong
            modules: ["package t\\nx := 1"]
            query: data.t.x
            want_result: 2
          - note: expected-error
            modules: []
            query: 1 / 0
            error: divide by zero
          - note: undefined
            modules: []
            query: 1 = 2
            no_result: true
          - note: many
            modules: []
            query: "x := [1, 2][_]"
            want_result: {"many!": [{"x": 1}, {"x": 2}]}
          - note: skipped
            skip: true
        """);
    List<ConformanceRunner.CaseResult> r = ConformanceRunner.runFile(f, null, RegoVersion.V1);
    assertThat(r).extracting(ConformanceRunner.CaseResult::status).containsExactly(
        ConformanceRunner.Status.PASS, ConformanceRunner.Status.FAIL, ConformanceRunner.Status.PASS,
        ConformanceRunner.Status.PASS, ConformanceRunner.Status.PASS, ConformanceRunner.Status.SKIP);
    assertThat(r.get(1).reason()).contains("expected [2], got [1]");
  }

  @Test
  void runFile_moduleFileOutsideRoot_isRejected() throws Exception {
    Path f = dir.resolve("c.yaml");
    Files.writeString(f, """
        cases:
          - note: escape
            module_files: ["../../etc/passwd"]
            query: data
            want_result: {}
        """);
    List<ConformanceRunner.CaseResult> r = ConformanceRunner.runFile(f, dir, RegoVersion.V1);
    assertThat(r.get(0).status()).isEqualTo(ConformanceRunner.Status.FAIL);
    assertThat(r.get(0).reason()).contains("escapes the suite root");
  }
}
