package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class MiscBuiltinsTest extends BuiltinTestSupport {
  @Test
  void semver_validityAndPrecedence() throws Exception {
    assertThat(call("semver.is_valid", s("1.9.10"))).isEqualTo(Value.TRUE);
    assertThat(call("semver.is_valid", s("1.1.12-rc1+foo"))).isEqualTo(Value.TRUE);
    assertThat(call("semver.is_valid", s("1.1"))).isEqualTo(Value.FALSE);
    assertThat(call("semver.is_valid", s("v1.0.0"))).isEqualTo(Value.FALSE);
    assertThat(call("semver.is_valid", s("01.0.0"))).isEqualTo(Value.FALSE);
    assertThat(call("semver.compare", s("1.9.10"), s("1.8.15"))).isEqualTo(n(1));
    assertThat(call("semver.compare", s("1.8.15"), s("1.9.10"))).isEqualTo(n(-1));
    assertThat(call("semver.compare", s("1.0.0+a"), s("1.0.0+b"))).isEqualTo(n(0));
    assertThat(call("semver.compare", s("1.0.0-alpha"), s("1.0.0"))).isEqualTo(n(-1));
    assertThat(call("semver.compare", s("1.0.0-alpha.1"), s("1.0.0-alpha.beta"))).isEqualTo(n(-1));
    assertThat(call("semver.compare", s("1.0.0-rc.11"), s("1.0.0-rc.2"))).isEqualTo(n(1));
    assertError("semver.compare", s(""), n(1)).hasMessageContaining("expects string argument");
    assertError("semver.compare", n(1), s("")).hasMessageContaining("expects string argument");
    assertError("semver.is_valid", n(1)).hasMessageContaining("expects string argument");
    assertError("semver.compare", s("1.0"), s("1.0.0")).hasMessageContaining("invalid semver");
  }

  @Test
  void uuid_rfc4122StablePerSeedAndParsable() throws Exception {
    Value a = call("uuid.rfc4122", s("1"));
    assertThat(((Value.Str) a).value()).hasSize(36).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(call("uuid.rfc4122", s("1"))).isEqualTo(a);
    assertThat(call("uuid.rfc4122", s("2"))).isNotEqualTo(a);
    assertThat(call("uuid.parse", a)).isEqualTo(v("{\"variant\":\"RFC4122\",\"version\":4}"));
    assertError("uuid.rfc4122", n(42)).hasMessageContaining("`uuid.rfc4122` expects string argument. Got `42` instead");
  }

  @Test
  void uuid_parseVersion1ExposesTimeAndNode() throws Exception {
    Value p = call("uuid.parse", s("00000000-0000-1000-8000-0242ac110002"));
    assertThat(((Value.Obj) p).get("version")).isEqualTo(n(1));
    assertThat(((Value.Obj) p).get("nodeid")).isEqualTo(s("02-42-ac-11-00-02"));
    assertThat(((Value.Obj) p).get("macvariables")).isEqualTo(s("local:unicast"));
    assertThat(((Value.Obj) p).get("time")).isEqualTo(v("-12219292800000000000"));
    assertThat(call("uuid.parse", s("not-a-uuid"))).isNull();
    assertThat(call("uuid.parse", s("{C56A4180-65AA-42EC-A945-5FD21DEC0538}"))).isEqualTo(v("{\"variant\":\"RFC4122\",\"version\":4}"));
  }

  @Test
  void net_cidrPredicates() throws Exception {
    assertThat(call("net.cidr_contains", s("10.0.0.0/8"), s("10.1.2.3"))).isEqualTo(Value.TRUE);
    assertThat(call("net.cidr_contains", s("10.0.0.0/8"), s("10.1.0.0/16"))).isEqualTo(Value.TRUE);
    assertThat(call("net.cidr_contains", s("10.0.0.0/16"), s("10.0.0.0/8"))).isEqualTo(Value.FALSE);
    assertThat(call("net.cidr_contains", s("2001:db8::/32"), s("2001:db8:1::1"))).isEqualTo(Value.TRUE);
    assertThat(call("net.cidr_contains", s("10.0.0.0/8"), s("2001:db8::1"))).isEqualTo(Value.FALSE);
    assertThat(call("net.cidr_intersects", s("192.168.0.0/16"), s("192.168.1.0/24"))).isEqualTo(Value.TRUE);
    assertThat(call("net.cidr_intersects", s("192.168.0.0/24"), s("192.168.1.0/24"))).isEqualTo(Value.FALSE);
    assertThat(call("net.cidr_is_valid", s("10.0.0.0/33"))).isEqualTo(Value.FALSE);
    assertThat(call("net.cidr_is_valid", s("example.com/8"))).isEqualTo(Value.FALSE);
    assertThat(call("net.cidr_is_valid", s("::/0"))).isEqualTo(Value.TRUE);
    assertError("net.cidr_contains", s("10.0.0.0"), s("10.0.0.1")).hasMessageContaining("invalid CIDR");
    assertError("net.cidr_contains", s("10.0.0.0/8"), s("localhost")).hasMessageContaining("invalid CIDR or IP");
    assertThat(StandardBuiltins.all()).doesNotContainKeys("net.lookup_ip_addr", "http.send", "opa.runtime");
  }

  @Test
  void net_expandMergeAndMatches() throws Exception {
    assertThat(call("net.cidr_expand", s("192.168.0.0/30")))
        .isEqualTo(v("[\"192.168.0.0\",\"192.168.0.1\",\"192.168.0.2\",\"192.168.0.3\"]"));
    assertThat(call("net.cidr_expand", s("10.0.0.9/32"))).isEqualTo(v("[\"10.0.0.9\"]"));
    assertThat(call("net.cidr_expand", s("fd00::/127"))).isEqualTo(v("[\"fd00::\",\"fd00::1\"]"));
    assertError("net.cidr_expand", s("10.0.0.0/8")).hasMessageContaining("more than");
    assertThat(call("net.cidr_merge", v("[\"192.0.128.0/24\",\"192.0.129.0/24\",\"10.0.0.1\",\"10.0.0.0\"]")))
        .isEqualTo(set(s("192.0.128.0/23"), s("10.0.0.0/31")));
    assertThat(call("net.cidr_merge", v("[\"2001:db8::/33\",\"2001:db8:8000::/33\"]"))).isEqualTo(set(s("2001:db8::/32")));
    assertThat(call("net.cidr_contains_matches", v("[\"10.0.0.0/8\",\"192.168.0.0/16\"]"), v("{\"x\":\"10.1.1.1\",\"y\":[\"192.168.3.4\",\"tag\"]}")))
        .isEqualTo(set(v("[0,\"x\"]"), v("[1,\"y\"]")));
    assertThat(call("net.cidr_contains_matches", s("10.0.0.0/8"), s("10.0.0.1"))).isEqualTo(set(v("[\"10.0.0.0/8\",\"10.0.0.1\"]")));
  }

  @Test
  void graph_reachableAndPaths() throws Exception {
    Value g = v("{\"a\":[\"b\"],\"b\":[\"c\",\"d\"],\"c\":[],\"d\":[\"a\"],\"e\":[]}");
    assertThat(call("graph.reachable", g, v("[\"a\"]"))).isEqualTo(set(s("a"), s("b"), s("c"), s("d")));
    assertThat(call("graph.reachable", g, set(s("e"), s("zz")))).isEqualTo(set(s("e")));
    assertThat(call("graph.reachable_paths", v("{\"a\":[\"b\"],\"b\":[\"c\"],\"c\":[]}"), v("[\"a\"]"))).isEqualTo(set(v("[\"a\",\"b\",\"c\"]")));
    assertThat(call("graph.reachable_paths", g, v("[\"a\"]"))).isEqualTo(set(v("[\"a\",\"b\",\"c\"]"), v("[\"a\",\"b\",\"d\"]")));
    Value diamond = v("{\"a\":[\"b\",\"c\"],\"b\":[\"d\"],\"c\":[\"d\"],\"d\":null,\"x\":[\"missing\"]}");
    assertThat(call("graph.reachable_paths", diamond, set(s("a"), s("x"))))
        .isEqualTo(set(v("[\"a\",\"b\",\"d\"]"), v("[\"a\",\"c\",\"d\"]"), v("[\"x\"]")));
    assertError("graph.reachable_paths", v("{\"a\":1}"), v("[\"a\"]")).hasMessageContaining("must be array/set");
    assertError("graph.reachable", v("[]"), v("[]")).hasMessageContaining("expects object argument");
  }

  @Test
  void operators_arithmeticSetsAndComparison() throws Exception {
    assertThat(call("plus", n(1), v("0.5"))).isEqualTo(v("1.5"));
    assertThat(call("minus", set(n(1), n(2)), set(n(2)))).isEqualTo(set(n(1)));
    assertThat(call("div", v("15.3"), n(3))).isEqualTo(v("5.1000000000000005"));
    assertThat(call("div", n(13), n(4))).isEqualTo(v("3.25"));
    assertThat(call("rem", n(-7), n(3))).isEqualTo(n(-1));
    assertThat(call("and", set(n(1), n(2)), set(n(2), n(3)))).isEqualTo(set(n(2)));
    assertThat(call("or", set(n(1)), set(n(2)))).isEqualTo(set(n(1), n(2)));
    assertThat(call("lt", Value.NULL, Value.FALSE)).isEqualTo(Value.TRUE);
    assertThat(call("gte", n(4), Value.NULL)).isEqualTo(Value.TRUE);
    assertThat(call("equal", n(1), v("1.0"))).isEqualTo(Value.TRUE);
    assertError("div", n(1), n(0)).hasMessageContaining("divide by zero");
    assertError("div", s("1"), n(9)).hasMessageContaining("`div` expects numeric argument.");
    assertError("minus", s("1"), n(9)).hasMessageContaining("`sub` expects numeric argument.");
    assertError("rem", n(1), n(0)).hasMessageContaining("modulo by zero");
    assertError("rem", v("1.5"), n(1)).hasMessageContaining("modulo on floating-point number");
  }

  @Test
  void deprecated_anyAllSetDiff() throws Exception {
    assertThat(call("any", v("[false,true]"))).isEqualTo(Value.TRUE);
    assertThat(call("any", v("[]"))).isEqualTo(Value.FALSE);
    assertThat(call("all", v("[true,1]"))).isEqualTo(Value.FALSE);
    assertThat(call("all", Value.EMPTY_SET)).isEqualTo(Value.TRUE);
    assertThat(call("set_diff", set(n(1), n(2)), set(n(1)))).isEqualTo(set(n(2)));
    assertError("set_diff", v("[1]"), set(n(1)));
  }

  @Test
  void registry_isImmutableAndOmitsEvaluatorBuiltins() {
    var all = StandardBuiltins.all();
    assertThat(all).doesNotContainKeys("print", "walk", "trace");
    assertThat(all.keySet()).noneMatch(k -> k.startsWith("rego."));
    assertThat(all).containsKeys("count", "object.union_n", "sprintf", "regex.match", "io.jwt.decode_verify",
        "crypto.x509.parse_certificates", "time.parse_ns", "json.patch", "yaml.marshal");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> all.put("x", all.get("count")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(all.values()).allMatch(spec -> spec.arity() >= 0);
  }
}
