package dev.claviger.policy.internal.rego;

import dev.claviger.policy.EvalLimits;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.PrintSink;
import dev.claviger.policy.QueryResult;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.builtins.BuiltinSpec;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.Program.Host;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bridge from the public API to the interpreter: compiles a module set once; compiled queries
 * are immutable and may be evaluated concurrently.
 */
public final class RegoEngine {
  /** Upper bound on one module's or query's source length. */
  public static final int MAX_SOURCE_CHARS = 8 * 1024 * 1024;

  private final Compiler compiler;
  private final Core core;

  private RegoEngine(Compiler compiler, Core core) {
    this.compiler = compiler;
    this.core = core;
  }

  /** A module's name, text and default language version. */
  public record Source(String name, String text, boolean v1) {}

  public static RegoEngine compile(List<Source> sources, Map<String, BuiltinSpec> builtins, Map<String, HostFn> hosts,
      Value data, boolean strict, EvalLimits limits, Clock clock) throws PolicyException {
    List<RegoModule> modules = new ArrayList<>();
    for (Source s : sources) {
      checkSize(s.text(), s.name());
      modules.add(Parser.parseModule(s.name(), s.text(), s.v1()));
    }
    Map<String, Host> h = new HashMap<>();
    for (Map.Entry<String, HostFn> e : hosts.entrySet()) {
      h.put(e.getKey(), new Host(e.getKey(), e.getValue().arity(), e.getValue().fn()));
    }
    Compiler c = new Compiler(builtins, h);
    c.compile(modules);
    return new RegoEngine(c, new Core(c.root, data, strict, limits, clock, Core.shadows(c.root, data)));
  }

  /** The same compiled program over another base document; compiled queries stay valid. */
  public RegoEngine withData(Value data) {
    return new RegoEngine(compiler,
        new Core(core.root(), data, core.strict(), core.limits(), core.clock(), Core.shadows(core.root(), data)));
  }

  /** A host function with its arity. */
  public record HostFn(int arity, dev.claviger.policy.HostFunction fn) {}

  private static void checkSize(String text, String name) throws PolicyException {
    if (text.length() > MAX_SOURCE_CHARS) {
      throw new PolicyException(PolicyException.Kind.PARSE, name + ": source exceeds " + MAX_SOURCE_CHARS + " characters");
    }
  }

  /** Dotted paths ({@code data.pkg.rule}) of every value rule, sorted. */
  public List<String> rulePaths() {
    List<String> out = new ArrayList<>();
    collect(compiler.root, out);
    return out;
  }

  private static void collect(Program.Node n, List<String> out) {
    if (n.rules != null && !n.rules.isFunction()) {
      out.add(n.rules.toString());
    }
    for (Program.Node c : n.children.values()) {
      collect(c, out);
    }
  }

  /** Parses and compiles a query. */
  public Query prepare(String text) throws PolicyException {
    checkSize(text, "query");
    Body parsed = Parser.parseQuery(text);
    Map<String, Integer> vars = new TreeMap<>();
    BodyCompiler bc = new BodyCompiler(compiler, null);
    Body body = bc.query(parsed, vars);
    return new Query(body, vars, bc.slots());
  }

  /** A compiled query. */
  public static final class Query {
    private final Body body;
    private final Map<String, Integer> vars;
    private final int slots;

    private Query(Body body, Map<String, Integer> vars, int slots) {
      this.body = body;
      this.vars = vars;
      this.slots = slots;
    }
  }

  public QueryResult eval(Query q, Value input, PrintSink sink) throws PolicyException {
    Evaluator ev = new Evaluator(core, new EvalState(core, sink), new Ctx(input));
    Value[] f = new Value[q.slots];
    List<QueryResult.Solution> out = new ArrayList<>();
    List<Lit> lits = q.body.lits();
    try {
      if (lits.size() == 1 && lits.get(0) instanceof ExprLit e && !e.negated() && e.withs().isEmpty()
          && !(e.term() instanceof Assign) && !(e.term() instanceof Unify)) {
        // A single expression reports its value even when false, as regorus does.
        ev.eachValue(e.term(), f, true, v -> {
          out.add(new QueryResult.Solution(bindings(q, f), List.of(v)));
          return true;
        });
      } else {
        ev.captureBody = q.body;
        ev.captured = new Value[lits.size()];
        ev.body(q.body, 0, f, () -> {
          Value[] vals = ev.captured.clone();
          for (int i = 0; i < vals.length; i++) {
            if (vals[i] == null) {
              vals[i] = Value.TRUE;
            }
          }
          out.add(new QueryResult.Solution(bindings(q, f), List.of(vals)));
          return true;
        });
      }
    } catch (StackOverflowError e) {
      throw new PolicyException(PolicyException.Kind.LIMIT, "evaluation exceeded the stack depth");
    }
    return new QueryResult(out);
  }


  private static Map<String, Value> bindings(Query q, Value[] f) {
    Map<String, Value> m = new TreeMap<>();
    for (Map.Entry<String, Integer> e : q.vars.entrySet()) {
      Value v = f[e.getValue()];
      if (v != null) {
        m.put(e.getKey(), v);
      }
    }
    return m;
  }
}
