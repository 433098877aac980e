package dev.claviger.policy.internal.builtins;

import java.util.Map;

/**
 * The OPA builtin functions that run offline, keyed by dotted name. Network builtins
 * ({@code http.send}, {@code net.lookup_ip_addr}) and {@code opa.runtime} are deliberately absent,
 * so a policy calling them fails to compile. {@code print}, {@code walk}, {@code trace} and
 * {@code rego.*} belong to the evaluator.
 *
 * <p>Every function is stateless apart from the per-query {@link BuiltinContext}; the map is
 * immutable and safe to share between threads.
 */
public final class StandardBuiltins {
  private static final Map<String, BuiltinSpec> ALL = build();

  private StandardBuiltins() {}

  /** All builtins, built once. */
  public static Map<String, BuiltinSpec> all() {
    return ALL;
  }

  private static Map<String, BuiltinSpec> build() {
    Registry r = new Registry();
    Aggregates.register(r);
    ArrayBuiltins.register(r);
    Sets.register(r);
    ObjectBuiltins.register(r);
    Strings.register(r);
    Numbers.register(r);
    Bits.register(r);
    Types.register(r);
    Conversions.register(r);
    Units.register(r);
    Encoding.register(r);
    Json.register(r);
    Yaml.register(r);
    Crypto.register(r);
    KeyPairs.register(r);
    Jwt.register(r);
    AwsSigV4.register(r);
    JsonPatch.register(r);
    Regex.register(r);
    GlobsMatch.register(r);
    Glob.register(r);
    Time.register(r);
    Semver.register(r);
    Uuid.register(r);
    Net.register(r);
    Graph.register(r);
    Operators.register(r);
    Deprecated.register(r);
    return r.build();
  }
}
