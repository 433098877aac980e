package dev.claviger.policy.conformance;

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
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** One decoded case: modules, data, inputs, query and expectation. */
record CaseSpec(
    List<String[]> modules,
    Value data,
    List<Value> inputs,
    String query,
    boolean strict,
    String error,
    boolean noResult,
    List<Value> expected,
    List<String> wantPrints,
    Value.Obj referenceValues,
    boolean trustee) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static CaseSpec of(Map<?, ?> c, Path root) throws IOException {
    List<String[]> modules = new ArrayList<>();
    Object mods = c.get("modules");
    if (mods instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        modules.add(new String[] {"rego_" + i, String.valueOf(l.get(i))});
      }
    }
    boolean trustee = root != null;
    if (c.get("module_files") instanceof List<?> files) {
      for (Object f : files) {
        Path p = resolve(root, String.valueOf(f));
        modules.add(new String[] {String.valueOf(f), Files.readString(p, StandardCharsets.UTF_8)});
      }
    }
    Value data = c.containsKey("data") && c.get("data") != null ? YamlValues.toValue(c.get("data")) : Value.EMPTY_OBJECT;
    List<Value> inputs = new ArrayList<>();
    if (c.get("input_file") != null) {
      Path p = resolve(root, String.valueOf(c.get("input_file")));
      inputs.add(Value.fromJson(JSON.readTree(Files.readString(p, StandardCharsets.UTF_8))));
    } else if (c.containsKey("input")) {
      Value in = YamlValues.toValue(c.get("input"));
      if (in instanceof Value.Obj o && o.size() == 1 && o.get("many!") instanceof Value.Arr many) {
        inputs.addAll(many.items());
      } else {
        inputs.add(in);
      }
    } else {
      inputs.add(null);
    }
    List<Value> expected = List.of();
    if (c.containsKey("want_result")) {
      Value w = YamlValues.toValue(c.get("want_result"));
      expected = w instanceof Value.Obj o && o.size() == 1 && o.get("many!") instanceof Value.Arr many
          ? many.items() : List.of(w);
    }
    List<String> prints = null;
    if (c.get("want_prints") instanceof List<?> wp) {
      prints = new ArrayList<>();
      for (Object o : wp) {
        prints.add(String.valueOf(o));
      }
    }
    Value rv = c.get("reference_values") == null ? Value.EMPTY_OBJECT : YamlValues.toValue(c.get("reference_values"));
    return new CaseSpec(modules, data, Collections.unmodifiableList(inputs), String.valueOf(c.get("query")),
        !Boolean.FALSE.equals(c.get("strict")), c.get("error") == null ? null : String.valueOf(c.get("error")),
        Boolean.TRUE.equals(c.get("no_result")), expected, prints,
        rv instanceof Value.Obj o ? o : Value.EMPTY_OBJECT, trustee);
  }

  private static Path resolve(Path root, String rel) throws IOException {
    if (root == null) {
      throw new IOException("case refers to a file but no suite root was given: " + rel);
    }
    Path p = root.resolve(rel).normalize();
    if (!p.startsWith(root.normalize())) {
      throw new IOException("case file path escapes the suite root: " + rel);
    }
    return p;
  }

  PolicyEngine engine(RegoVersion version) throws PolicyException {
    PolicyEngine.Builder b = PolicyEngine.builder().regoVersion(version).strictBuiltinErrors(strict).data(data);
    for (String[] m : modules) {
      b.module(m[0], m[1]);
    }
    if (trustee) {
      b.hostFunction("query_reference_value", 1, args -> {
        if (!(args.get(0) instanceof Value.Str id)) {
          throw new PolicyException(PolicyException.Kind.BUILTIN,
              "query_reference_value expects a string argument, got " + args.get(0).typeName());
        }
        Value v = referenceValues.get(id);
        return v == null ? Value.NULL : v;
      });
    }
    return b.build();
  }
}
