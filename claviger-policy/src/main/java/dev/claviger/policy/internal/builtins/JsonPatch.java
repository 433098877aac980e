package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code json.patch}: RFC 6902 over Rego values, with regorus' extensions (array-form paths; set
 * members addressed by value). Any failing operation makes the whole call undefined; the input is
 * never modified because the patch works on a private mutable copy.
 */
final class JsonPatch {
  private JsonPatch() {}

  /** A failed patch operation; maps to undefined. */
  private static final class PatchFailure extends Exception {
    private static final long serialVersionUID = 1L;

    PatchFailure(String message) {
      super(message, null, false, false);
    }
  }

  private sealed interface Node permits Leaf, ObjNode, ArrNode, SetNode {}

  private record Leaf(Value value) implements Node {}

  private record ObjNode(TreeMap<Value, Node> fields) implements Node {}

  private record ArrNode(ArrayList<Node> items) implements Node {}

  private record SetNode(TreeMap<Value, Node> members) implements Node {}

  static void register(Registry r) {
    r.add("json.patch", 2, (a, c) -> {
      List<Value> ops = Args.arr("json.patch", a, 1).items();
      try {
        return apply(a[0], ops);
      } catch (PatchFailure e) {
        return null;
      }
    });
  }

  static Value apply(Value target, List<Value> ops) throws PatchFailure {
    Node[] root = {copy(target)};
    for (Value op : ops) {
      if (!(op instanceof Value.Obj o)) {
        throw new PatchFailure("patch operation is not an object");
      }
      if (!(field(o, "op") instanceof Value.Str name)) {
        throw new PatchFailure("attribute 'op' must be a string");
      }
      switch (name.value()) {
        case "add" -> insert(root, path(field(o, "path")), copy(field(o, "value")));
        case "remove" -> remove(root, path(field(o, "path")));
        case "replace" -> {
          List<Value> p = path(field(o, "path"));
          Value v = field(o, "value");
          remove(root, p);
          insert(root, p, copy(v));
        }
        case "move" -> {
          List<Value> from = path(field(o, "from"));
          List<Value> to = path(field(o, "path"));
          insert(root, to, remove(root, from));
        }
        case "copy" -> {
          List<Value> from = path(field(o, "from"));
          List<Value> to = path(field(o, "path"));
          insert(root, to, copy(render(get(live(root), from))));
        }
        case "test" -> {
          List<Value> p = path(field(o, "path"));
          Value expected = field(o, "value");
          if (!render(get(live(root), p)).equals(expected)) {
            throw new PatchFailure("test failed");
          }
        }
        default -> throw new PatchFailure("unrecognized op");
      }
    }
    return root[0] == null ? null : render(root[0]);
  }

  private static Value field(Value.Obj o, String name) throws PatchFailure {
    Value v = o.get(name);
    if (v == null) {
      throw new PatchFailure("missing '" + name + "' attribute");
    }
    return v;
  }

  private static Node live(Node[] root) throws PatchFailure {
    if (root[0] == null) {
      throw new PatchFailure("document was removed");
    }
    return root[0];
  }

  static List<Value> path(Value p) throws PatchFailure {
    if (p instanceof Value.Arr a) {
      return a.items();
    }
    if (!(p instanceof Value.Str s)) {
      throw new PatchFailure("path must be a string or an array");
    }
    if (s.value().isEmpty()) {
      return List.of();
    }
    String text = s.value().startsWith("/") ? s.value().substring(1) : s.value();
    List<Value> out = new ArrayList<>();
    for (String part : text.split("/", -1)) {
      out.add(Value.str(part.replace("~1", "/").replace("~0", "~")));
    }
    return out;
  }

  private static Node copy(Value v) {
    return switch (v) {
      case Value.Obj o -> {
        TreeMap<Value, Node> m = new TreeMap<>();
        o.map().forEach((k, x) -> m.put(k, copy(x)));
        yield new ObjNode(m);
      }
      case Value.Arr a -> {
        ArrayList<Node> items = new ArrayList<>(a.size());
        a.items().forEach(x -> items.add(copy(x)));
        yield new ArrNode(items);
      }
      case Value.SetV s -> {
        TreeMap<Value, Node> m = new TreeMap<>();
        s.items().forEach(x -> m.put(x, copy(x)));
        yield new SetNode(m);
      }
      default -> new Leaf(v);
    };
  }

  private static Value render(Node n) {
    return switch (n) {
      case Leaf l -> l.value();
      case ObjNode o -> {
        TreeMap<Value, Value> m = new TreeMap<>();
        o.fields().forEach((k, x) -> m.put(k, render(x)));
        yield Value.ownObject(m);
      }
      case ArrNode a -> {
        List<Value> items = new ArrayList<>(a.items().size());
        a.items().forEach(x -> items.add(render(x)));
        yield Value.ownArray(items);
      }
      case SetNode s -> {
        java.util.TreeSet<Value> items = new java.util.TreeSet<>();
        s.members().values().forEach(x -> items.add(render(x)));
        yield Value.ownSet(items);
      }
    };
  }

  private static Node get(Node n, List<Value> path) throws PatchFailure {
    Node cur = n;
    for (Value seg : path) {
      cur = switch (cur) {
        case ObjNode o -> present(o.fields().get(seg));
        case ArrNode a -> a.items().get(index(a.items().size(), seg, false));
        case SetNode s -> present(s.members().get(seg));
        case Leaf l -> throw new PatchFailure("expected a composite value");
      };
    }
    return cur;
  }

  private static Node present(Node n) throws PatchFailure {
    if (n == null) {
      throw new PatchFailure("path does not exist");
    }
    return n;
  }

  private static void insert(Node[] root, List<Value> path, Node value) throws PatchFailure {
    if (path.isEmpty()) {
      root[0] = value;
      return;
    }
    insertAt(live(root), path, value);
  }

  private static void insertAt(Node n, List<Value> path, Node value) throws PatchFailure {
    Value head = path.get(0);
    List<Value> rest = path.subList(1, path.size());
    switch (n) {
      case ObjNode o -> {
        if (rest.isEmpty()) {
          o.fields().put(head, value);
        } else {
          insertAt(present(o.fields().get(head)), rest, value);
        }
      }
      case ArrNode a -> {
        int i = index(a.items().size(), head, rest.isEmpty());
        if (rest.isEmpty()) {
          a.items().add(i, value);
        } else {
          insertAt(a.items().get(i), rest, value);
        }
      }
      case SetNode s -> {
        if (rest.isEmpty()) {
          Value rendered = render(value);
          if (!head.equals(rendered)) {
            throw new PatchFailure("set key does not equal the inserted value");
          }
          s.members().put(rendered, value);
        } else {
          Node member = present(s.members().remove(head));
          insertAt(member, rest, value);
          s.members().put(render(member), member);
        }
      }
      case Leaf l -> throw new PatchFailure("expected a composite value");
    }
  }

  private static Node remove(Node[] root, List<Value> path) throws PatchFailure {
    if (path.isEmpty()) {
      Node old = live(root);
      root[0] = null;
      return old;
    }
    return removeAt(live(root), path);
  }

  private static Node removeAt(Node n, List<Value> path) throws PatchFailure {
    Value head = path.get(0);
    List<Value> rest = path.subList(1, path.size());
    return switch (n) {
      case ObjNode o -> rest.isEmpty() ? present(o.fields().remove(head)) : removeAt(present(o.fields().get(head)), rest);
      case ArrNode a -> {
        int i = index(a.items().size(), head, false);
        yield rest.isEmpty() ? a.items().remove(i) : removeAt(a.items().get(i), rest);
      }
      case SetNode s -> {
        Node member = present(s.members().remove(head));
        if (rest.isEmpty()) {
          yield member;
        }
        Node removed = removeAt(member, rest);
        s.members().put(render(member), member);
        yield removed;
      }
      case Leaf l -> throw new PatchFailure("expected a composite value");
    };
  }

  private static int index(int length, Value seg, boolean appendOk) throws PatchFailure {
    long raw;
    if (seg instanceof Num n) {
      if (!n.isInteger()) {
        throw new PatchFailure("array index must be an integer");
      }
      if (!n.isLong()) {
        throw new PatchFailure("array index is too large");
      }
      raw = n.longValue();
    } else if (seg instanceof Value.Str s) {
      raw = stringIndex(s.value(), length, appendOk);
    } else {
      throw new PatchFailure("invalid type for indexing");
    }
    if (raw < 0 || raw > length || (raw == length && !appendOk)) {
      throw new PatchFailure("index out of bounds");
    }
    return (int) raw;
  }

  private static long stringIndex(String s, int length, boolean appendOk) throws PatchFailure {
    if (s.equals("-")) {
      if (!appendOk) {
        throw new PatchFailure("'-' index is not valid here");
      }
      return length;
    }
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')
        || (s.length() > 1 && s.charAt(0) == '0')) {
      throw new PatchFailure("invalid array index");
    }
    return Long.parseLong(s);
  }
}
