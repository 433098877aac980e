/**
 * The standard Rego builtin library, exposed as {@link
 * dev.claviger.policy.internal.builtins.StandardBuiltins#all()}: an immutable map from dotted name
 * to {@link dev.claviger.policy.internal.builtins.BuiltinSpec}. The evaluator checks arity, passes
 * defined argument values and a per-query {@link
 * dev.claviger.policy.internal.builtins.BuiltinContext}; a function returns a value, {@code null}
 * for undefined, or throws {@link dev.claviger.policy.internal.builtins.BuiltinError} (fatal in
 * strict mode, undefined otherwise).
 *
 * <p><b>Reference semantics.</b> regorus (the engine Trustee embeds) wins where it differs from
 * OPA, including its error texts ("`uuid.rfc4122` expects string argument. Got `42` instead").
 * Notable regorus-isms kept on purpose: {@code count} of a string counts UTF-16 units;
 * {@code indexof("", "")} is -1; {@code sprintf} rejects missing and extra arguments, prints
 * {@code %f} without a precision in shortest form and {@code %o} with a {@code 0O} prefix;
 * {@code time.format} without a layout prints 0, 3, 6 or 9 fraction digits; {@code units.parse}
 * accepts the full SI prefix set; {@code semver.is_valid} rejects non-strings.
 *
 * <p><b>Regular expressions</b> use Go RE2 syntax, translated to {@link java.util.regex} by
 * {@code Re2}: RE2-only forms are mapped, Java-only forms (lookaround, backreferences, possessive
 * and atomic groups) are rejected, and every match runs on a character-read budget so a
 * backtracking pattern fails with an error instead of hanging. Compiled patterns and globs are
 * cached in bounded maps.
 *
 * <p><b>Bounded inputs.</b> JSON/YAML documents (16 MiB, depth 512, YAML aliases 50),
 * {@code numbers.range} (10 million elements), {@code bits.lsh} (4096-bit shifts),
 * {@code net.cidr_expand} (65,536 addresses), {@code graph.reachable_paths} (100,000 paths),
 * {@code sprintf} width/precision (10,000), certificates, keys and tokens (1 MiB).
 *
 * <p><b>X.509.</b> Certificates are rendered with Go's {@code x509.Certificate} JSON field names
 * (Raw*, Signature, SignatureAlgorithm, PublicKeyAlgorithm, PublicKey (RSA N/E or EC X/Y),
 * Version, SerialNumber, Issuer, Subject, NotBefore, NotAfter, KeyUsage, Extensions,
 * BasicConstraintsValid, IsCA, MaxPathLen, MaxPathLenZero, ExtKeyUsage, UnknownExtKeyUsage,
 * SubjectKeyId, AuthorityKeyId, DNSNames, EmailAddresses, IPAddresses, URIStrings). Chains are
 * verified with PKIX at the query's time ({@link
 * dev.claviger.policy.internal.builtins.BuiltinContext#nowNanos()}), without revocation.
 *
 * <p><b>Not provided</b> (a call fails to compile): {@code http.send}, {@code net.lookup_ip_addr},
 * {@code opa.runtime} (need the network or host), {@code print}, {@code walk}, {@code trace},
 * {@code rego.*} (evaluator-owned), and the not-yet-implemented {@code strings.render_template},
 * {@code graphql.*},
 * {@code purl.*}.
 *
 * <p><b>JSON Schema</b> ({@code json.verify_schema}, {@code json.match_schema}) is validated
 * offline (drafts 4 to 2020-12, local {@code $ref} only, {@code format} as annotation); like
 * regorus, a failed match reports the first error as a string, and an invalid schema is an error.
 */
package dev.claviger.policy.internal.builtins;
