package dev.claviger.policy;

import java.time.Clock;
import java.util.Optional;

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

  private PolicyEngine() {}

  public static Builder builder() {
    throw new UnsupportedOperationException("policy engine under construction");
  }

  /** Parses and compiles a query against this module set. */
  public PreparedQuery prepare(String query) throws PolicyException {
    throw new UnsupportedOperationException("policy engine under construction");
  }

  /**
   * Evaluates one rule (or any ref into {@code data}) with the given input, as regorus'
   * {@code eval_rule}: the value, or empty when undefined.
   *
   * @param ref e.g. {@code "data.policy.allow"}
   * @param input the input document, or {@code null} for none
   */
  public Optional<Value> evalRule(String ref, Value input) throws PolicyException {
    throw new UnsupportedOperationException("policy engine under construction");
  }

  /** Same as {@link #evalRule(String, Value)} with print output sent to {@code print}. */
  public Optional<Value> evalRule(String ref, Value input, PrintSink print) throws PolicyException {
    throw new UnsupportedOperationException("policy engine under construction");
  }

  /** A query compiled once; evaluate it many times. Thread-safe. */
  public interface PreparedQuery {
    QueryResult eval(Value input) throws PolicyException;

    QueryResult eval(Value input, PrintSink print) throws PolicyException;
  }

  /** Collects modules, data and options. Not thread-safe. */
  public interface Builder {
    /** Adds a module; {@code name} is used in errors and print output. */
    Builder module(String name, String source);

    /** Default language version for modules without {@code import rego.v1}; default V1. */
    Builder regoVersion(RegoVersion version);

    /** Builtin type/runtime errors abort evaluation (true, default) or make the call undefined. */
    Builder strictBuiltinErrors(boolean strict);

    /** Base document under {@code data}; default empty object. */
    Builder data(Value data);

    /** Registers a host builtin; the name may be dotted. Replaces nothing: a clash is an error. */
    Builder hostFunction(String name, int arity, HostFunction function);

    /** Default {@link EvalLimits#DEFAULT}. */
    Builder limits(EvalLimits limits);

    /** Clock for {@code time.now_ns}; default system UTC. */
    Builder clock(Clock clock);

    PolicyEngine build() throws PolicyException;
  }
}
