package dev.claviger.policy.conformance;

import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.QueryResult;
import dev.claviger.policy.RegoVersion;
import dev.claviger.policy.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs Rego conformance case files ({@code cases:} YAML as regorus' interpreter tests and the
 * Trustee suite use them) and reports pass, fail or skip per case with a reason. Semantics follow
 * the suite README: each case in a fresh engine, results compared after decoding {@code set!},
 * {@code object!} and {@code many!}.
 */
public final class ConformanceRunner {
  /** Largest case file read. */
  private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  /** Outcome of one case. */
  public enum Status { PASS, FAIL, SKIP }

  /**
   * One case's result.
   *
   * @param file the case file
   * @param index position in the {@code cases:} list (notes are not unique)
   * @param note the case's note
   */
  public record CaseResult(String file, int index, String note, Status status, String reason) {
    public String id() {
      return file + "#" + index + " (" + note + ")";
    }
  }

  private ConformanceRunner() {}

  /**
   * Runs every case of one file.
   *
   * @param file the YAML case file
   * @param suiteRoot base for {@code module_files} and {@code input_file} (Trustee suite), or null
   * @param version language version for modules without {@code import rego.v1}
   */
  public static List<CaseResult> runFile(Path file, Path suiteRoot, RegoVersion version) throws IOException {
    Objects.requireNonNull(file, "file");
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException("case file too large: " + file);
    }
    Object doc = YamlValues.yaml().load(Files.readString(file, StandardCharsets.UTF_8));
    if (!(doc instanceof Map<?, ?> m) || !(m.get("cases") instanceof List<?> cases)) {
      throw new IOException("not a case file (no cases: list): " + file);
    }
    List<CaseResult> out = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Map<?, ?> c = (Map<?, ?>) cases.get(i);
      String note = String.valueOf(c.get("note"));
      out.add(runCase(file.toString(), i, note, c, suiteRoot, version));
    }
    return out;
  }

  /** A case turned into a ready engine, for benchmarks and tools. */
  public record PreparedCase(PolicyEngine engine, String query, List<Value> inputs) {}

  /**
   * Builds the engine for the first case with the given note.
   *
   * @throws IOException when the file or the case cannot be read
   */
  public static PreparedCase prepareCase(Path file, Path suiteRoot, String note, RegoVersion version)
      throws IOException, PolicyException {
    Object doc = YamlValues.yaml().load(Files.readString(file, StandardCharsets.UTF_8));
    if (doc instanceof Map<?, ?> m && m.get("cases") instanceof List<?> cases) {
      for (Object o : cases) {
        Map<?, ?> c = (Map<?, ?>) o;
        if (note.equals(c.get("note"))) {
          CaseSpec spec = CaseSpec.of(c, suiteRoot);
          return new PreparedCase(spec.engine(version), spec.query(), spec.inputs());
        }
      }
    }
    throw new IOException("no case with note " + note + " in " + file);
  }

  /** The language version regorus' harness uses for a file of its suite. */
  public static RegoVersion regorusVersion(Path file) {
    return file.endsWith(Path.of("binding", "bindings.yaml")) ? RegoVersion.V1 : RegoVersion.V0;
  }

  private static CaseResult runCase(String file, int index, String note, Map<?, ?> c, Path root, RegoVersion version) {
    if (Boolean.TRUE.equals(c.get("skip"))) {
      return new CaseResult(file, index, note, Status.SKIP, "marked skip: true in the suite");
    }
    CaseSpec spec;
    try {
      spec = CaseSpec.of(c, root);
    } catch (IOException | RuntimeException e) {
      return new CaseResult(file, index, note, Status.FAIL, "bad case: " + e);
    }
    List<Value> computed = new ArrayList<>();
    List<String> prints = new ArrayList<>();
    try {
      PolicyEngine engine = spec.engine(version);
      PolicyEngine.PreparedQuery q = engine.prepare(spec.query());
      for (Value input : spec.inputs()) {
        computed.addAll(computed(q.eval(input, prints::add)));
      }
    } catch (PolicyException e) {
      if (spec.error() != null) {
        return new CaseResult(file, index, note, Status.PASS, "failed as expected: " + e.getMessage());
      }
      return new CaseResult(file, index, note, Status.FAIL, "unexpected error: " + e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      return new CaseResult(file, index, note, Status.FAIL, "engine crashed: " + e);
    }
    if (spec.error() != null) {
      return new CaseResult(file, index, note, Status.FAIL, "expected error containing '" + spec.error() + "', got " + computed);
    }
    if (spec.noResult()) {
      return computed.isEmpty() ? new CaseResult(file, index, note, Status.PASS, "undefined")
          : new CaseResult(file, index, note, Status.FAIL, "expected no result, got " + computed);
    }
    if (!computed.equals(spec.expected())) {
      return new CaseResult(file, index, note, Status.FAIL, "expected " + spec.expected() + ", got " + computed);
    }
    if (spec.wantPrints() != null && !spec.wantPrints().equals(prints)) {
      return new CaseResult(file, index, note, Status.FAIL, "prints differ: expected " + spec.wantPrints() + ", got " + prints);
    }
    return new CaseResult(file, index, note, Status.PASS, "ok");
  }

  /** The regorus harness' view of a result set (see the suite README). */
  static List<Value> computed(QueryResult r) {
    List<Value> out = new ArrayList<>();
    List<QueryResult.Solution> sols = r.solutions();
    if (sols.size() == 1) {
      QueryResult.Solution s = sols.get(0);
      if (!s.bindings().isEmpty()) {
        out.add(bindings(s));
      } else {
        out.addAll(s.expressions());
      }
      return out;
    }
    for (QueryResult.Solution s : sols) {
      out.add(s.bindings().isEmpty() ? Value.array(s.expressions()) : bindings(s));
    }
    return out;
  }

  private static Value bindings(QueryResult.Solution s) {
    java.util.TreeMap<Value, Value> m = new java.util.TreeMap<>();
    s.bindings().forEach((k, v) -> m.put(Value.str(k), v));
    return Value.object(m);
  }
}
