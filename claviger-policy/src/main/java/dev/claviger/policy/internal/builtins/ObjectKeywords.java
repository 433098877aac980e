package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Object keywords of {@link JsonSchema}: properties, required, additional/pattern properties, dependencies. */
final class ObjectKeywords {
  private ObjectKeywords() {}

  static String check(JsonSchema s, Value.Obj o, Value.Obj obj, int depth) throws JsonSchema.InvalidSchema {
    String self = JsonText.compact(obj);
    if (o.get("minProperties") instanceof Num m && obj.size() < m.doubleValue()) {
      return self + " has less than " + m + " propert" + (m.doubleValue() == 1 ? "y" : "ies");
    }
    if (o.get("maxProperties") instanceof Num m && obj.size() > m.doubleValue()) {
      return self + " has more than " + m + " propert" + (m.doubleValue() == 1 ? "y" : "ies");
    }
    if (o.get("required") instanceof Value.Arr req) {
      for (Value r : req.items()) {
        if (obj.get(r) == null) {
          return JsonText.compact(r) + " is a required property";
        }
      }
    }
    String err = properties(s, o, obj, depth);
    return err != null ? err : dependencies(s, o, obj, depth);
  }

  private static String properties(JsonSchema s, Value.Obj o, Value.Obj obj, int depth) throws JsonSchema.InvalidSchema {
    Value.Obj props = o.get("properties") instanceof Value.Obj p ? p : Value.EMPTY_OBJECT;
    Value.Obj patterns = o.get("patternProperties") instanceof Value.Obj p ? p : Value.EMPTY_OBJECT;
    Value additional = o.get("additionalProperties");
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<Value, Value> e : obj.map().entrySet()) {
      String key = e.getKey() instanceof Value.Str k ? k.value() : JsonText.compact(e.getKey());
      if (o.get("propertyNames") != null) {
        String err = s.sub(o.get("propertyNames"), Value.str(key), depth);
        if (err != null) {
          return err;
        }
      }
      boolean matched = false;
      Value sub = props.get(key);
      if (sub != null) {
        matched = true;
        String err = s.sub(sub, e.getValue(), depth);
        if (err != null) {
          return err;
        }
      }
      for (Map.Entry<Value, Value> p : patterns.map().entrySet()) {
        if (matches(((Value.Str) p.getKey()).value(), key)) {
          matched = true;
          String err = s.sub(p.getValue(), e.getValue(), depth);
          if (err != null) {
            return err;
          }
        }
      }
      if (!matched && additional != null) {
        if (Value.FALSE.equals(additional)) {
          unexpected.add(JsonText.compact(Value.str(key)));
        } else {
          String err = s.sub(additional, e.getValue(), depth);
          if (err != null) {
            return err;
          }
        }
      }
    }
    if (!unexpected.isEmpty()) {
      return "Additional properties are not allowed (" + String.join(", ", unexpected)
          + (unexpected.size() == 1 ? " was" : " were") + " unexpected)";
    }
    return null;
  }

  private static boolean matches(String pattern, String key) throws JsonSchema.InvalidSchema {
    try {
      return Re2.compile(pattern).matcher(key).find();
    } catch (Re2.SyntaxError | Re2.BudgetExceeded e) {
      throw new JsonSchema.InvalidSchema(JsonText.compact(Value.str(pattern)) + " is not a \"regex\"");
    }
  }

  private static String dependencies(JsonSchema s, Value.Obj o, Value.Obj obj, int depth) throws JsonSchema.InvalidSchema {
    for (String kw : List.of("dependencies", "dependentRequired", "dependentSchemas")) {
      if (!(o.get(kw) instanceof Value.Obj deps)) {
        continue;
      }
      for (Map.Entry<Value, Value> d : deps.map().entrySet()) {
        if (obj.get(d.getKey()) == null) {
          continue;
        }
        if (d.getValue() instanceof Value.Arr names) {
          for (Value n : names.items()) {
            if (obj.get(n) == null) {
              return JsonText.compact(n) + " is a required property";
            }
          }
        } else {
          String err = s.sub(d.getValue(), obj, depth);
          if (err != null) {
            return err;
          }
        }
      }
    }
    return null;
  }
}
