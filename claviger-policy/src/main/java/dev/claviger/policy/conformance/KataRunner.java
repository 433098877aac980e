package dev.claviger.policy.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.RegoVersion;
import dev.claviger.policy.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replays a Kata agent-policy directory ({@code policy.rego}, {@code inputs.txt},
 * {@code outputs.json}, {@code prints.json}) as regorus' kata test does: v0, non-strict builtin
 * errors, one engine per directory, rule {@code data.agent_policy.<Request>} per request.
 */
public final class KataRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request's outcome; {@code printsMatch} is diagnostic (it depends on statement scheduling).
   */
  public record RequestResult(int index, String request, boolean allowMatches, boolean printsMatch, String detail) {}

  private KataRunner() {}

  public static List<RequestResult> run(Path dir) throws IOException {
    String policy = Files.readString(dir.resolve("policy.rego"), StandardCharsets.UTF_8);
    JsonNode outputs = JSON.readTree(dir.resolve("outputs.json").toFile());
    JsonNode prints = JSON.readTree(dir.resolve("prints.json").toFile());
    List<RequestResult> out = new ArrayList<>();
    PolicyEngine engine;
    String moduleName = "tests/kata/data/" + dir.getFileName() + "/policy.rego";
    try {
      engine = PolicyEngine.builder().module(moduleName, policy).regoVersion(RegoVersion.V0)
          .strictBuiltinErrors(false).build();
    } catch (PolicyException e) {
      out.add(new RequestResult(0, "<compile>", false, false, "policy failed to compile: " + e.getMessage()));
      return out;
    }
    int i = 0;
    for (String line : Files.readAllLines(dir.resolve("inputs.txt"), StandardCharsets.UTF_8)) {
      String t = line.trim();
      if (t.isEmpty()) {
        continue;
      }
      t = t.replace("\"ep\":", "");
      JsonNode req = JSON.readTree(t.substring(0, t.length() - 1));
      String name = req.get(0).asText();
      Value input = Value.fromJson(req.get(1));
      boolean expected = outputs.get(i).asBoolean();
      List<String> got = new ArrayList<>();
      String detail;
      boolean allowOk;
      try {
        Optional<Value> v = engine.evalRule("data.agent_policy." + name, input, got::add);
        allowOk = v.isPresent() && v.get().equals(Value.bool(expected));
        detail = "expected " + expected + ", got " + v.map(Value::toString).orElse("<undefined>");
      } catch (PolicyException e) {
        allowOk = false;
        detail = "error: " + e.getMessage();
      }
      List<String> want = new ArrayList<>();
      for (JsonNode p : prints.get(i)) {
        want.add(normalise(p.asText()));
      }
      List<String> gotNorm = got.stream().map(KataRunner::normalise).toList();
      boolean printsOk = want.equals(gotNorm);
      if (!printsOk) {
        detail += "; prints differ (first difference at line " + firstDiff(want, gotNorm) + ")";
      }
      out.add(new RequestResult(i, name, allowOk, printsOk, detail));
      i++;
    }
    return out;
  }

  private static int firstDiff(List<String> a, List<String> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (!a.get(i).equals(b.get(i))) {
        return i;
      }
    }
    return n;
  }

  private static String normalise(String s) {
    String r = s.replace('\\', '/').replace("//", "/").replace("\r\n", "\n");
    int at = r.indexOf("policy.rego:");
    return at >= 0 ? r.substring(at) : r;
  }
}
