package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The validation keywords of {@link JsonSchema}. Each check returns null or an error text. */
final class JsonSchemaKeywords {
  private JsonSchemaKeywords() {}

  private static String j(Value v) {
    return JsonText.compact(v);
  }

  /** Keywords that apply to any instance type. */
  static String generic(JsonSchema s, Value.Obj o, Value v, int depth) throws JsonSchema.InvalidSchema {
    Value type = o.get("type");
    if (type != null) {
      List<Value> names = type instanceof Value.Arr a ? a.items() : List.of(type);
      if (names.stream().noneMatch(n -> JsonSchema.hasType(v, ((Value.Str) n).value()))) {
        return j(v) + " is not of type" + (names.size() == 1 ? " " + j(type) : "s " + String.join(", ", names.stream().map(JsonSchemaKeywords::j).toList()));
      }
    }
    if (o.get("enum") instanceof Value.Arr e && !e.items().contains(v)) {
      return j(v) + " is not one of " + j(e);
    }
    if (o.get("const") != null && !o.get("const").equals(v)) {
      return j(o.get("const")) + " was expected";
    }
    String err = combinators(s, o, v, depth);
    if (err == null && o.get("if") != null) {
      boolean ok = s.sub(o.get("if"), v, depth) == null;
      Value branch = o.get(ok ? "then" : "else");
      err = branch == null ? null : s.sub(branch, v, depth);
    }
    return err;
  }

  private static String combinators(JsonSchema s, Value.Obj o, Value v, int depth) throws JsonSchema.InvalidSchema {
    if (o.get("allOf") instanceof Value.Arr all) {
      for (Value sub : all.items()) {
        String err = s.sub(sub, v, depth);
        if (err != null) {
          return err;
        }
      }
    }
    if (o.get("anyOf") instanceof Value.Arr any) {
      boolean ok = false;
      for (Value sub : any.items()) {
        ok |= s.sub(sub, v, depth) == null;
      }
      if (!ok) {
        return j(v) + " is not valid under any of the schemas listed in the 'anyOf' keyword";
      }
    }
    if (o.get("oneOf") instanceof Value.Arr one) {
      int n = 0;
      for (Value sub : one.items()) {
        n += s.sub(sub, v, depth) == null ? 1 : 0;
      }
      if (n != 1) {
        return j(v) + (n == 0 ? " is not valid under any of the schemas listed in the 'oneOf' keyword"
            : " is valid under more than one of the schemas listed in the 'oneOf' keyword");
      }
    }
    if (o.get("not") != null && s.sub(o.get("not"), v, depth) == null) {
      return j(v) + " is not allowed for " + j(o.get("not"));
    }
    return null;
  }

  /** Keywords for numbers, strings, arrays and objects. */
  static String typed(JsonSchema s, Value.Obj o, Value v, int depth) throws JsonSchema.InvalidSchema {
    return switch (v) {
      case Num n -> number(o, n);
      case Value.Str str -> string(o, str);
      case Value.Arr a -> array(s, o, a.items(), depth);
      case Value.SetV set -> array(s, o, new ArrayList<>(set.items()), depth);
      case Value.Obj obj -> ObjectKeywords.check(s, o, obj, depth);
      default -> null;
    };
  }

  private static String number(Value.Obj o, Num n) {
    BigDecimal x = n.decimalValue();
    Value min = o.get("minimum");
    Value max = o.get("maximum");
    Value exMin = o.get("exclusiveMinimum");
    Value exMax = o.get("exclusiveMaximum");
    if (min instanceof Num m) {
      boolean exclusive = Value.TRUE.equals(exMin);
      if (exclusive ? x.compareTo(m.decimalValue()) <= 0 : x.compareTo(m.decimalValue()) < 0) {
        return n + " is less than " + (exclusive ? "or equal to " : "") + "the minimum of " + m;
      }
    }
    if (max instanceof Num m) {
      boolean exclusive = Value.TRUE.equals(exMax);
      if (exclusive ? x.compareTo(m.decimalValue()) >= 0 : x.compareTo(m.decimalValue()) > 0) {
        return n + " is greater than " + (exclusive ? "or equal to " : "") + "the maximum of " + m;
      }
    }
    if (exMin instanceof Num m && x.compareTo(m.decimalValue()) <= 0) {
      return n + " is less than or equal to the minimum of " + m;
    }
    if (exMax instanceof Num m && x.compareTo(m.decimalValue()) >= 0) {
      return n + " is greater than or equal to the maximum of " + m;
    }
    if (o.get("multipleOf") instanceof Num m && m.signum() > 0
        && x.remainder(m.decimalValue()).signum() != 0) {
      return n + " is not a multiple of " + m;
    }
    return null;
  }

  private static String string(Value.Obj o, Value.Str str) {
    int len = str.value().codePointCount(0, str.value().length());
    if (o.get("minLength") instanceof Num m && len < m.doubleValue()) {
      return j(str) + " is shorter than " + m + " character" + (m.doubleValue() == 1 ? "" : "s");
    }
    if (o.get("maxLength") instanceof Num m && len > m.doubleValue()) {
      return j(str) + " is longer than " + m + " character" + (m.doubleValue() == 1 ? "" : "s");
    }
    if (o.get("pattern") instanceof Value.Str p) {
      try {
        if (!Re2.compile(p.value()).matcher(str.value()).find()) {
          return j(str) + " does not match " + j(p);
        }
      } catch (Re2.SyntaxError | Re2.BudgetExceeded e) {
        return j(str) + " does not match " + j(p);
      }
    }
    return null;
  }

  private static String array(JsonSchema s, Value.Obj o, List<Value> items, int depth) throws JsonSchema.InvalidSchema {
    if (o.get("minItems") instanceof Num m && items.size() < m.doubleValue()) {
      return j(Value.array(items)) + " has less than " + m + " item" + (m.doubleValue() == 1 ? "" : "s");
    }
    if (o.get("maxItems") instanceof Num m && items.size() > m.doubleValue()) {
      return j(Value.array(items)) + " has more than " + m + " item" + (m.doubleValue() == 1 ? "" : "s");
    }
    if (Value.TRUE.equals(o.get("uniqueItems")) && JsonSchema.distinct(items).size() != items.size()) {
      return j(Value.array(items)) + " has non-unique elements";
    }
    List<Value> tuple = o.get("prefixItems") instanceof Value.Arr p ? p.items()
        : o.get("items") instanceof Value.Arr p ? p.items() : List.of();
    Value rest = o.get("prefixItems") != null || o.get("items") instanceof Value.Arr
        ? (o.get("prefixItems") != null ? o.get("items") : o.get("additionalItems")) : o.get("items");
    for (int i = 0; i < items.size(); i++) {
      Value sub = i < tuple.size() ? tuple.get(i) : rest;
      String err = sub == null ? null : s.sub(sub, items.get(i), depth);
      if (err != null) {
        return err;
      }
    }
    if (o.get("contains") != null) {
      int hits = 0;
      for (Value item : items) {
        hits += s.sub(o.get("contains"), item, depth) == null ? 1 : 0;
      }
      double min = o.get("minContains") instanceof Num m ? m.doubleValue() : 1;
      if (hits < min || (o.get("maxContains") instanceof Num m && hits > m.doubleValue())) {
        return "None of " + j(Value.array(items)) + " are valid under the given schema";
      }
    }
    return null;
  }
}
