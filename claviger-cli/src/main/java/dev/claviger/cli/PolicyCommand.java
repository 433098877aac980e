package dev.claviger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.policy.PolicyEngine;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.QueryResult;
import dev.claviger.policy.RegoVersion;
import dev.claviger.policy.Value;
import dev.claviger.policy.conformance.ConformanceRunner;
import dev.claviger.policy.conformance.KataRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code claviger policy}: evaluate Rego, run {@code test_} rules, run conformance suites. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Evaluate and test Rego policies with the Claviger engine.",
    subcommands = {PolicyCommand.Eval.class, PolicyCommand.Test.class, PolicyCommand.Conformance.class})
public final class PolicyCommand {
  /** Exit code when a test or conformance case fails. */
  static final int CHECK_FAILED = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Loads {@code .rego} modules and {@code .json} data documents from files or directories. */
  static PolicyEngine.Builder load(List<Path> paths, boolean v0) throws IOException, Main.UsageException {
    PolicyEngine.Builder b = PolicyEngine.builder().regoVersion(v0 ? RegoVersion.V0 : RegoVersion.V1);
    Value data = Value.EMPTY_OBJECT;
    for (Path p : expand(paths)) {
      String name = p.getFileName().toString();
      byte[] bytes = Inputs.read(p, Inputs.MAX_RESOURCE, "policy file");
      if (name.endsWith(".rego")) {
        b.module(p.toString(), new String(bytes, StandardCharsets.UTF_8));
      } else if (name.endsWith(".json")) {
        data = merge(data, Value.fromJson(JSON.readTree(bytes)), p);
      }
    }
    return b.data(data);
  }

  private static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
      } else {
        out.add(p);
      }
    }
    return out;
  }

  private static Value merge(Value a, Value b, Path from) throws Main.UsageException {
    if (!(a instanceof Value.Obj ao) || !(b instanceof Value.Obj bo)) {
      throw new Main.UsageException("data file " + from + " must hold a JSON object");
    }
    TreeMap<Value, Value> m = new TreeMap<>(ao.map());
    for (Map.Entry<Value, Value> e : bo.map().entrySet()) {
      Value prev = m.get(e.getKey());
      m.put(e.getKey(), prev instanceof Value.Obj && e.getValue() instanceof Value.Obj ? merge(prev, e.getValue(), from) : e.getValue());
    }
    return Value.object(m);
  }

  /** {@code policy eval -d FILE... [-i input.json] [--v0] QUERY}. */
  @Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a query and print the result as JSON.")
  static final class Eval implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-d", "--data"}, arity = "1..*", required = true, description = "Rego modules, JSON data files or directories.")
    List<Path> data;

    @Option(names = {"-i", "--input"}, description = "JSON input document.")
    Path input;

    @Option(names = "--v0", description = "Parse modules without `import rego.v1` as Rego v0.")
    boolean v0;

    @Parameters(index = "0", description = "The query, e.g. data.policy.allow")
    String query;

    @Override
    public Integer call() throws Exception {
      PolicyEngine engine = load(data, v0).build();
      Value in = input == null ? null : Value.fromJson(JSON.readTree(Inputs.read(input, Inputs.MAX_RESOURCE, "input file")));
      PrintWriter out = spec.commandLine().getOut();
      QueryResult r = engine.prepare(query).eval(in, line -> spec.commandLine().getErr().println(line));
      ArrayNode results = JsonNodeFactory.instance.arrayNode();
      for (QueryResult.Solution s : r.solutions()) {
        ObjectNode o = results.addObject();
        ArrayNode exprs = o.putArray("expressions");
        s.expressions().forEach(v -> exprs.addObject().set("value", v.toJson()));
        if (!s.bindings().isEmpty()) {
          ObjectNode bind = o.putObject("bindings");
          new TreeMap<>(s.bindings()).forEach((k, v) -> bind.set(k, v.toJson()));
        }
      }
      ObjectNode doc = JsonNodeFactory.instance.objectNode();
      doc.set("result", results);
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      return ExitCodes.OK;
    }
  }

  /** {@code policy test DIR}: every rule named {@code test_*} must evaluate to true. */
  @Command(name = "test", mixinStandardHelpOptions = true, description = "Run test_ rules like `opa test`.")
  static final class Test implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", description = "Directories or files with policies, tests and JSON data.")
    List<Path> paths;

    @Option(names = "--v0", description = "Parse modules without `import rego.v1` as Rego v0.")
    boolean v0;

    @Override
    public Integer call() throws Exception {
      PolicyEngine engine = load(paths, v0).build();
      PrintWriter out = spec.commandLine().getOut();
      int pass = 0;
      int fail = 0;
      for (String rule : engine.rulePaths()) {
        if (!rule.substring(rule.lastIndexOf('.') + 1).startsWith("test_")) {
          continue;
        }
        String verdict;
        try {
          verdict = engine.evalRule(rule, null).filter(Value.TRUE::equals).isPresent() ? "PASS" : "FAIL";
        } catch (PolicyException e) {
          verdict = "ERROR (" + e.getMessage() + ")";
        }
        if (verdict.equals("PASS")) {
          pass++;
        } else {
          fail++;
        }
        out.println(rule + ": " + verdict);
      }
      out.println("--------------------------------------------------------------------------------");
      out.println((fail == 0 ? "PASS" : "FAIL") + ": " + pass + "/" + (pass + fail));
      return fail == 0 ? ExitCodes.OK : CHECK_FAILED;
    }
  }

  /** {@code policy conformance DIR...}: regorus/Trustee case files and Kata request streams. */
  @Command(name = "conformance", mixinStandardHelpOptions = true, description = "Run Rego conformance suites.")
  static final class Conformance implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", description = "Suite directories (regorus, trustee, kata or their parent).")
    List<Path> dirs;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      int[] counts = new int[3];
      for (Path dir : dirs) {
        if (!Files.isDirectory(dir)) {
          throw new Main.UsageException("not a directory: " + dir);
        }
        try (Stream<Path> s = Files.walk(dir)) {
          for (Path p : s.sorted().toList()) {
            if (p.toString().endsWith(".yaml") && isCaseFile(p)) {
              runCases(p, out, counts);
            } else if (Files.isRegularFile(p.resolve("inputs.txt")) && Files.isRegularFile(p.resolve("policy.rego"))) {
              runKata(p, out, counts);
            }
          }
        }
      }
      out.println(counts[0] + " passed, " + counts[1] + " failed, " + counts[2] + " skipped");
      return counts[1] == 0 ? ExitCodes.OK : CHECK_FAILED;
    }

    private static boolean isCaseFile(Path p) throws IOException {
      try (var lines = Files.lines(p, StandardCharsets.UTF_8)) {
        return lines.limit(200).anyMatch(l -> l.startsWith("cases:"));
      }
    }

    private static void runCases(Path file, PrintWriter out, int[] counts) throws IOException {
      Path root = null;
      RegoVersion version = ConformanceRunner.regorusVersion(file);
      for (Path a = file.getParent(); a != null; a = a.getParent()) {
        if (a.getFileName() != null && a.getFileName().toString().equals("cases")) {
          root = a.getParent();
          version = RegoVersion.V1;
          break;
        }
      }
      for (ConformanceRunner.CaseResult r : ConformanceRunner.runFile(file, root, version)) {
        switch (r.status()) {
          case PASS -> counts[0]++;
          case FAIL -> {
            counts[1]++;
            out.println("FAIL " + r.id() + ": " + r.reason());
          }
          case SKIP -> counts[2]++;
        }
      }
    }

    private static void runKata(Path dir, PrintWriter out, int[] counts) throws IOException {
      for (KataRunner.RequestResult r : KataRunner.run(dir)) {
        if (r.allowMatches()) {
          counts[0]++;
        } else {
          counts[1]++;
          out.println("FAIL " + dir + "#" + r.index() + " (" + r.request() + "): " + r.detail());
        }
      }
    }
  }
}
