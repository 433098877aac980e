package dev.claviger.policy;

import dev.claviger.policy.internal.builtins.StandardBuiltins;
import dev.claviger.policy.internal.rego.RegoEngine;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compiled set of Rego modules plus base data. Build once, then prepare queries and evaluate
 * them many times; instances and prepared queries are immutable and thread-safe.
 *
 * <pre>{@code
 * PolicyEngine engine = PolicyEngine.builder()
 *     .module("policy.rego", source)
 *     .hostFunction("query_reference_value", 1, args -> rvps.lookup(args.get(0)))
 *     .build();
 * Optional<Value> claims = engine.evalRule("data.policy.trust_claims", input);
 * }</pre>
 */
public final class PolicyEngine {
  private static final int MAX_CACHED_QUERIES = 256;

  private final RegoEngine engine;
  /** Compiled rule queries by ref; shared with engines derived by {@link #withData(Value)}. */
  private final Map<String, RegoEngine.Query> ruleQueries;

  private PolicyEngine(RegoEngine engine, Map<String, RegoEngine.Query> ruleQueries) {
    this.engine = engine;
    this.ruleQueries = ruleQueries;
  }

  /**
   * The same compiled modules over another base document, without recompiling: for callers whose
   * {@code data} changes per request (the KBS resource policy gets the request path there).
   */
  public PolicyEngine withData(Value data) {
    return new PolicyEngine(engine.withData(Objects.requireNonNull(data, "data")), ruleQueries);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Parses and compiles a query against this module set. */
  public PreparedQuery prepare(String query) throws PolicyException {
    Objects.requireNonNull(query, "query");
    RegoEngine.Query q = engine.prepare(query);
    return new Prepared(engine, q);
  }

  /**
   * Evaluates one rule (or any ref into {@code data}) with the given input, as regorus'
   * {@code eval_rule}: the value, or empty when undefined.
   *
   * @param ref e.g. {@code "data.policy.allow"}
   * @param input the input document, or {@code null} for none
   */
  public Optional<Value> evalRule(String ref, Value input) throws PolicyException {
    return evalRule(ref, input, PrintSink.DISCARD);
  }

  /** Same as {@link #evalRule(String, Value)} with print output sent to {@code print}. */
  public Optional<Value> evalRule(String ref, Value input, PrintSink print) throws PolicyException {
    Objects.requireNonNull(ref, "ref");
    if (!ref.equals("data") && !ref.startsWith("data.")) {
      throw new PolicyException(PolicyException.Kind.PARSE, "rule reference must start with data: " + ref);
    }
    RegoEngine.Query q = ruleQueries.get(ref);
    if (q == null) {
      q = engine.prepare(ref);
      if (ruleQueries.size() < MAX_CACHED_QUERIES) {
        ruleQueries.put(ref, q);
      }
    }
    return engine.eval(q, input, Objects.requireNonNull(print, "print")).firstValue();
  }

  /** Paths ({@code data.pkg.rule}) of every rule that produces a value (functions excluded), sorted. */
  public List<String> rulePaths() {
    return engine.rulePaths();
  }

  /** A query compiled once; evaluate it many times. Thread-safe. */
  public interface PreparedQuery {
    QueryResult eval(Value input) throws PolicyException;

    QueryResult eval(Value input, PrintSink print) throws PolicyException;
  }

  private record Prepared(RegoEngine engine, RegoEngine.Query query) implements PreparedQuery {
    @Override
    public QueryResult eval(Value input) throws PolicyException {
      return eval(input, PrintSink.DISCARD);
    }

    @Override
    public QueryResult eval(Value input, PrintSink print) throws PolicyException {
      return engine.eval(query, input, Objects.requireNonNull(print, "print"));
    }
  }

  /** Collects modules, data and options. Not thread-safe. */
  public static final class Builder {
    private final List<String[]> modules = new ArrayList<>();
    private final Map<String, RegoEngine.HostFn> hosts = new LinkedHashMap<>();
    private RegoVersion version = RegoVersion.V1;
    private boolean strict = true;
    private Value data = Value.EMPTY_OBJECT;
    private EvalLimits limits = EvalLimits.DEFAULT;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Adds a module; {@code name} is used in errors and print output. */
    public Builder module(String name, String source) {
      modules.add(new String[] {Objects.requireNonNull(name, "name"), Objects.requireNonNull(source, "source")});
      return this;
    }

    /** Default language version for modules without {@code import rego.v1}; default V1. */
    public Builder regoVersion(RegoVersion version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** Builtin type/runtime errors abort evaluation (true, default) or make the call undefined. */
    public Builder strictBuiltinErrors(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** Base document under {@code data}; default empty object. */
    public Builder data(Value data) {
      this.data = Objects.requireNonNull(data, "data");
      return this;
    }

    /** Registers a host builtin; the name may be dotted. Replaces nothing: a clash is an error. */
    public Builder hostFunction(String name, int arity, HostFunction function) {
      Objects.requireNonNull(name, "name");
      if (arity < 0) {
        throw new IllegalArgumentException("arity must be >= 0");
      }
      if (hosts.containsKey(name) || StandardBuiltins.all().containsKey(name)) {
        throw new IllegalArgumentException("host function clashes with an existing function: " + name);
      }
      hosts.put(name, new RegoEngine.HostFn(arity, Objects.requireNonNull(function, "function")));
      return this;
    }

    /** Default {@link EvalLimits#DEFAULT}. */
    public Builder limits(EvalLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Clock for {@code time.now_ns}; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public PolicyEngine build() throws PolicyException {
      List<RegoEngine.Source> sources = new ArrayList<>();
      for (String[] m : modules) {
        sources.add(new RegoEngine.Source(m[0], m[1], version == RegoVersion.V1));
      }
      return new PolicyEngine(
          RegoEngine.compile(sources, StandardBuiltins.all(), hosts, data, strict, limits, clock),
          new ConcurrentHashMap<>());
    }
  }
}
