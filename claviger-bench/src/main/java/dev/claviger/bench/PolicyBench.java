package dev.claviger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.QueryResult;
import dev.claviger.policy.RegoVersion;
import dev.claviger.policy.Value;
import dev.claviger.policy.conformance.ConformanceRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Rego engine's performance targets, on the shared conformance data (read in place from
 * {@code -Dclaviger.shared=...}, default {@code ../shared}):
 *
 * <ul>
 *   <li>{@link #earDefaultCpuSnp}: Trustee's EAR default CPU policy on SNP claims, prepared query
 *       (target 20 µs);
 *   <li>{@link #kataRequest}: one Kata agent request against the largest policy (target 100 µs);
 *   <li>{@link #compileLargestKata}: parse and compile the largest Kata policy (target 200 ms).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path rego() {
    return Path.of(System.getProperty("claviger.shared", "../shared")).resolve("conformance").resolve("rego");
  }

  static PolicyEngine compileKata(String policy) throws PolicyException {
    return PolicyEngine.builder().module("policy.rego", policy).regoVersion(RegoVersion.V0)
        .strictBuiltinErrors(false).build();
  }

  private static void check(QueryResult r) {
    if (r.isUndefined()) {
      throw new IllegalStateException("benchmark query is undefined: the setup is wrong");
    }
  }

  /** Trustee's EAR default CPU policy with SNP claims and reference values. */
  @State(Scope.Benchmark)
  public static class Ear {
    PolicyEngine.PreparedQuery query;
    Value input;

    @Setup
    public void setup() throws IOException, PolicyException {
      Path trustee = rego().resolve("trustee");
      ConformanceRunner.PreparedCase c = ConformanceRunner.prepareCase(trustee.resolve("cases/ear_default_policy_cpu.yaml"),
          trustee, "cpu/snp/all-reference-values-match", RegoVersion.V1);
      query = c.engine().prepare(c.query());
      input = c.inputs().get(0);
      check(query.eval(input));
    }
  }

  /** The largest Kata policy's source text. */
  @State(Scope.Benchmark)
  public static class KataSource {
    String policy;

    @Setup
    public void setup() throws IOException {
      policy = Files.readString(rego().resolve("kata/pod-many-layers/policy.rego"), StandardCharsets.UTF_8);
    }
  }

  /** One recorded request of the largest Kata policy. */
  @State(Scope.Benchmark)
  public static class Kata {
    /** The heaviest request type and the most frequent one. */
    @Param({"CreateContainerRequest", "CopyFileRequest"})
    public String request;

    PolicyEngine.PreparedQuery query;
    Value input;

    @Setup
    public void setup() throws IOException, PolicyException {
      Path dir = rego().resolve("kata").resolve("pod-many-layers");
      PolicyEngine engine = compileKata(Files.readString(dir.resolve("policy.rego"), StandardCharsets.UTF_8));
      for (String line : Files.readAllLines(dir.resolve("inputs.txt"), StandardCharsets.UTF_8)) {
        String t = line.trim().replace("\"ep\":", "");
        if (t.contains("\"" + request + "\"")) {
          JsonNode req = JSON.readTree(t.substring(0, t.length() - 1));
          query = engine.prepare("data.agent_policy." + request);
          input = Value.fromJson(req.get(1));
          check(query.eval(input));
          return;
        }
      }
      throw new IOException("no " + request + " in " + dir);
    }
  }

  @Benchmark
  public QueryResult earDefaultCpuSnp(Ear s) throws PolicyException {
    return s.query.eval(s.input);
  }

  @Benchmark
  public QueryResult kataRequest(Kata s) throws PolicyException {
    return s.query.eval(s.input);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public PolicyEngine compileLargestKata(KataSource s) throws PolicyException {
    return compileKata(s.policy);
  }
}
