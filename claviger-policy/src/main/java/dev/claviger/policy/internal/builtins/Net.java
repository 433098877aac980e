package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** net.cidr_* builtins (net.lookup_ip_addr is deliberately absent: it needs DNS). */
final class Net {
  /** Largest network net.cidr_expand will enumerate. */
  static final int MAX_EXPAND = 65_536;

  private Net() {}

  static void register(Registry r) {
    r.add("net.cidr_contains", 2, (a, c) -> contains("net.cidr_contains", a));
    r.deprecated("net.cidr_overlap", 2, (a, c) -> contains("net.cidr_overlap", a));
    r.add("net.cidr_intersects", 2, (a, c) -> Value.bool(
        cidr("net.cidr_intersects", Args.str("net.cidr_intersects", a, 0))
            .intersects(cidr("net.cidr_intersects", Args.str("net.cidr_intersects", a, 1)))));
    r.add("net.cidr_is_valid", 1, (a, c) -> Value.bool(IpNet.parseCidr(Args.str("net.cidr_is_valid", a, 0)) != null));
    r.add("net.cidr_expand", 1, (a, c) -> expand(cidr("net.cidr_expand", Args.str("net.cidr_expand", a, 0))));
    r.add("net.cidr_contains_matches", 2, (a, c) -> containsMatches(a));
    r.add("net.cidr_merge", 1, (a, c) -> merge(Args.members("net.cidr_merge", a, 0, "array/set of strings")));
  }

  private static IpNet cidr(String fn, String s) throws BuiltinError {
    IpNet n = IpNet.parseCidr(s);
    if (n == null) {
      throw new BuiltinError("`" + fn + "`: invalid CIDR address: " + s);
    }
    return n;
  }

  private static Value contains(String fn, Value[] a) throws BuiltinError {
    IpNet net = cidr(fn, Args.str(fn, a, 0));
    String s = Args.str(fn, a, 1);
    IpNet other = IpNet.parseCidrOrIp(s);
    if (other == null) {
      throw new BuiltinError("`" + fn + "`: invalid CIDR or IP address: " + s);
    }
    return Value.bool(net.contains(other));
  }

  private static Value expand(IpNet net) throws BuiltinError {
    if (net.bits() - net.prefix() > 16) {
      throw new BuiltinError("`net.cidr_expand`: network " + net.cidr() + " has more than " + MAX_EXPAND + " addresses");
    }
    // An array in address order, as regorus returns (OPA returns the same members as a set).
    List<Value> out = new ArrayList<>();
    for (BigInteger ip = net.base(); ip.compareTo(net.last()) <= 0; ip = ip.add(BigInteger.ONE)) {
      out.add(Value.str(IpNet.format(ip, net.bits())));
    }
    return Value.ownArray(out);
  }

  /** (key, CIDR text) pairs of a string, array, set or object whose members are strings or [string, ...]. */
  private static List<Value[]> keyed(String fn, Value v) throws BuiltinError {
    List<Value[]> out = new ArrayList<>();
    switch (v) {
      case Value.Str s -> out.add(new Value[] {s, s});
      case Value.Arr arr -> {
        for (int i = 0; i < arr.size(); i++) {
          out.add(new Value[] {Num.of(i), arr.get(i)});
        }
      }
      case Value.SetV set -> set.items().forEach(x -> out.add(new Value[] {x, x}));
      case Value.Obj o -> {
        for (Map.Entry<Value, Value> e : o.map().entrySet()) {
          out.add(new Value[] {e.getKey(), e.getValue()});
        }
      }
      default -> throw new BuiltinError("`" + fn + "` expects string, array, set or object argument. Got `" + v + "` instead");
    }
    for (Value[] kv : out) {
      Value x = kv[1] instanceof Value.Arr arr && arr.size() > 0 ? arr.get(0) : kv[1];
      if (!(x instanceof Value.Str)) {
        throw new BuiltinError("`" + fn + "` expects CIDR strings. Got `" + kv[1] + "` instead");
      }
      kv[1] = x;
    }
    return out;
  }

  private static Value containsMatches(Value[] a) throws BuiltinError {
    String fn = "net.cidr_contains_matches";
    List<Value[]> nets = keyed(fn, a[0]);
    List<Value[]> items = keyed(fn, a[1]);
    TreeSet<Value> out = new TreeSet<>();
    for (Value[] n : nets) {
      IpNet net = cidr(fn, ((Value.Str) n[1]).value());
      for (Value[] i : items) {
        String s = ((Value.Str) i[1]).value();
        IpNet other = IpNet.parseCidrOrIp(s);
        if (other == null) {
          throw new BuiltinError("`" + fn + "`: invalid CIDR or IP address: " + s);
        }
        if (net.contains(other)) {
          out.add(Value.array(n[0], i[0]));
        }
      }
    }
    return Value.ownSet(out);
  }

  private static Value merge(List<Value> addrs) throws BuiltinError {
    TreeSet<Value> out = new TreeSet<>();
    for (int bits : new int[] {32, 128}) {
      List<BigInteger[]> ranges = new ArrayList<>();
      for (Value v : addrs) {
        if (!(v instanceof Value.Str s)) {
          throw new BuiltinError("`net.cidr_merge` expects array/set of strings. Got `" + v + "` instead");
        }
        IpNet n = IpNet.parseCidrOrIp(s.value());
        if (n == null) {
          throw new BuiltinError("`net.cidr_merge`: invalid CIDR or IP address: " + s.value());
        }
        if (n.bits() == bits) {
          ranges.add(new BigInteger[] {n.base(), n.last()});
        }
      }
      ranges.sort((x, y) -> x[0].compareTo(y[0]));
      BigInteger[] cur = null;
      for (BigInteger[] rg : ranges) {
        if (cur != null && rg[0].compareTo(cur[1].add(BigInteger.ONE)) <= 0) {
          cur[1] = cur[1].max(rg[1]);
          continue;
        }
        if (cur != null) {
          decompose(cur, bits, out);
        }
        cur = rg.clone();
      }
      if (cur != null) {
        decompose(cur, bits, out);
      }
    }
    return Value.ownSet(out);
  }

  /** Splits [start, end] into the fewest aligned CIDR blocks. */
  private static void decompose(BigInteger[] range, int bits, TreeSet<Value> out) {
    BigInteger start = range[0];
    while (start.compareTo(range[1]) <= 0) {
      int size = start.signum() == 0 ? bits : Math.min(bits, start.getLowestSetBit());
      while (size > 0 && start.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(range[1]) > 0) {
        size--;
      }
      out.add(Value.str(new IpNet(start, bits, bits - size).cidr()));
      start = start.add(BigInteger.ONE.shiftLeft(size));
    }
  }
}
