package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** json.marshal*, json.unmarshal, json.is_valid, json.filter, json.remove. */
final class Json {
  private Json() {}

  /** A path tree: children by key; {@code leaf} marks the end of a path. */
  private static final class PathTree {
    final TreeMap<Value, PathTree> children = new TreeMap<>();
    boolean leaf;
  }

  static void register(Registry r) {
    r.add("json.marshal", 1, (a, c) -> Args.s(JsonText.compact(a[0])));
    r.add("json.marshal_with_options", 2, (a, c) -> marshalWithOptions(a));
    r.add("json.unmarshal", 1, (a, c) -> {
      Value v = JsonText.parseOrNull(Args.str("json.unmarshal", a, 0));
      if (v == null) {
        throw new BuiltinError("`json.unmarshal`: could not deserialize json.");
      }
      return v;
    });
    r.add("json.is_valid", 1, (a, c) -> Value.bool(JsonText.parseOrNull(Args.str("json.is_valid", a, 0)) != null));
    r.add("json.verify_schema", 1, (a, c) -> {
      schema("json.verify_schema", a[0]);
      return Value.array(Value.TRUE, Value.NULL);
    });
    r.add("json.match_schema", 2, (a, c) -> {
      String err = schema("json.match_schema", a[1]).validate(a[0]);
      return err == null ? Value.array(Value.TRUE, Value.NULL) : Value.array(Value.FALSE, Value.str(err));
    });
    r.add("json.filter", 2, (a, c) -> {
      Args.obj("json.filter", a, 0);
      PathTree t = paths("json.filter", a[1]);
      return t.children.isEmpty() ? Value.EMPTY_OBJECT : filter(a[0], t);
    });
    r.add("json.remove", 2, (a, c) -> {
      Args.obj("json.remove", a, 0);
      return remove(a[0], paths("json.remove", a[1]));
    });
  }

  private static JsonSchema schema(String fn, Value arg) throws BuiltinError {
    Value schema = arg instanceof Value.Str text ? JsonText.parseOrNull(text.value()) : arg;
    if (schema == null) {
      throw new BuiltinError("`" + fn + "`: not a valid json schema");
    }
    try {
      return JsonSchema.compile(schema);
    } catch (JsonSchema.InvalidSchema e) {
      throw new BuiltinError("`" + fn + "`: invalid schema: " + e.getMessage());
    }
  }

  private static Value marshalWithOptions(Value[] a) throws BuiltinError {
    Value.Obj opts = Args.obj("json.marshal_with_options", a, 1);
    boolean pretty = true;
    String indent = "\t";
    String prefix = "";
    for (Map.Entry<Value, Value> e : opts.map().entrySet()) {
      String key = e.getKey() instanceof Value.Str s ? s.value() : "";
      switch (key) {
        case "pretty" -> {
          if (!(e.getValue() instanceof Value.Bool b)) {
            throw new BuiltinError("`json.marshal_with_options`: marshaling option `pretty` must be true or false");
          }
          pretty = b.value();
        }
        case "indent", "prefix" -> {
          if (!(e.getValue() instanceof Value.Str s)) {
            throw new BuiltinError("`json.marshal_with_options`: marshaling option `" + key + "` must be string");
          }
          if (key.equals("indent")) {
            indent = s.value();
          } else {
            prefix = s.value();
          }
        }
        default -> throw new BuiltinError(
            "`json.marshal_with_options`: marshaling option must be one of `indent`, `prefix` or `pretty`");
      }
    }
    if (!pretty || opts.size() == 0) {
      return Args.s(JsonText.compact(a[0]));
    }
    return Args.s(JsonText.indented(a[0], prefix, indent));
  }

  private static PathTree paths(String fn, Value spec) throws BuiltinError {
    List<Value> items = switch (spec) {
      case Value.Arr x -> x.items();
      case Value.SetV x -> List.copyOf(x.items());
      default -> throw new BuiltinError("`" + fn + "` requires set/array argument");
    };
    PathTree root = new PathTree();
    for (Value p : items) {
      List<Value> segs = new ArrayList<>();
      if (p instanceof Value.Str s) {
        for (String part : s.value().split("/", -1)) {
          segs.add(Value.str(part));
        }
      } else if (p instanceof Value.Arr arr) {
        segs.addAll(arr.items());
      } else {
        throw new BuiltinError("`" + fn + "` requires path to be '/' separated string or array of path components.");
      }
      PathTree t = root;
      for (Value seg : segs) {
        t = t.children.computeIfAbsent(seg, k -> new PathTree());
      }
      t.leaf = true;
    }
    return root;
  }

  /** The child of an array for a path segment ("0" or 0). */
  private static Value element(Value.Arr arr, Value seg) {
    long i = -1;
    if (seg instanceof Num n && n.isLong()) {
      i = n.longValue();
    } else if (seg instanceof Value.Str s && s.value().matches("0|[1-9][0-9]{0,9}")) {
      i = Long.parseLong(s.value());
    }
    return i >= 0 && i < arr.size() ? arr.get((int) i) : null;
  }

  private static Value filter(Value v, PathTree t) {
    if (t.leaf || t.children.isEmpty()) {
      return v;
    }
    switch (v) {
      case Value.Obj o -> {
        TreeMap<Value, Value> out = new TreeMap<>();
        for (Map.Entry<Value, PathTree> e : t.children.entrySet()) {
          Value child = o.get(e.getKey());
          Value kept = child == null ? null : filter(child, e.getValue());
          if (kept != null) {
            out.put(e.getKey(), kept);
          }
        }
        return Value.ownObject(out);
      }
      case Value.Arr arr -> {
        List<Value> out = new ArrayList<>();
        for (Map.Entry<Value, PathTree> e : t.children.entrySet()) {
          Value child = element(arr, e.getKey());
          Value kept = child == null ? null : filter(child, e.getValue());
          if (kept != null) {
            out.add(kept);
          }
        }
        return Value.ownArray(out);
      }
      case Value.SetV s -> {
        TreeSet<Value> out = new TreeSet<>();
        for (Map.Entry<Value, PathTree> e : t.children.entrySet()) {
          if (s.contains(e.getKey())) {
            Value kept = filter(e.getKey(), e.getValue());
            if (kept != null) {
              out.add(kept);
            }
          }
        }
        return Value.ownSet(out);
      }
      default -> {
        return null;
      }
    }
  }

  private static Value remove(Value v, PathTree t) {
    if (t.leaf) {
      return null;
    }
    if (t.children.isEmpty()) {
      return v;
    }
    switch (v) {
      case Value.Obj o -> {
        TreeMap<Value, Value> out = new TreeMap<>();
        for (Map.Entry<Value, Value> e : o.map().entrySet()) {
          PathTree sub = t.children.get(e.getKey());
          Value kept = sub == null ? e.getValue() : remove(e.getValue(), sub);
          if (kept != null) {
            out.put(e.getKey(), kept);
          }
        }
        return Value.ownObject(out);
      }
      case Value.Arr arr -> {
        List<Value> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
          PathTree sub = t.children.get(Value.str(Integer.toString(i)));
          if (sub == null) {
            sub = t.children.get(Num.of(i));
          }
          Value kept = sub == null ? arr.get(i) : remove(arr.get(i), sub);
          if (kept != null) {
            out.add(kept);
          }
        }
        return Value.ownArray(out);
      }
      case Value.SetV s -> {
        TreeSet<Value> out = new TreeSet<>();
        for (Value m : s.items()) {
          PathTree sub = t.children.get(m);
          Value kept = sub == null ? m : remove(m, sub);
          if (kept != null) {
            out.add(kept);
          }
        }
        return Value.ownSet(out);
      }
      default -> {
        return null;
      }
    }
  }
}
