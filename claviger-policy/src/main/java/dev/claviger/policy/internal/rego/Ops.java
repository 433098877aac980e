package dev.claviger.policy.internal.rego;

import dev.claviger.policy.Num;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.Op;
import dev.claviger.policy.internal.rego.Ast.Pos;
import java.util.TreeSet;

/** Rego infix operators and membership, with regorus' type rules. */
final class Ops {
  private Ops() {}

  static Value binary(Op op, Value a, Value b, Pos pos) throws PolicyException {
    return switch (op) {
      case EQ -> Value.bool(a.equals(b));
      case NE -> Value.bool(!a.equals(b));
      case LT -> Value.bool(a.compareTo(b) < 0);
      case LE -> Value.bool(a.compareTo(b) <= 0);
      case GT -> Value.bool(a.compareTo(b) > 0);
      case GE -> Value.bool(a.compareTo(b) >= 0);
      case ADD, MUL, DIV, MOD -> arith(op, a, b, pos);
      case SUB -> {
        if (a instanceof Value.SetV sa && b instanceof Value.SetV sb) {
          TreeSet<Value> r = new TreeSet<>(sa.items());
          r.removeAll(sb.items());
          yield Value.ownSet(r);
        }
        yield arith(op, a, b, pos);
      }
      case AND -> {
        if (a instanceof Value.SetV sa && b instanceof Value.SetV sb) {
          TreeSet<Value> r = new TreeSet<>(sa.items());
          r.retainAll(sb.items());
          yield Value.ownSet(r);
        }
        throw err("operator & expects set operands, got " + a.typeName() + " and " + b.typeName(), pos);
      }
      case OR -> {
        if (a instanceof Value.SetV sa && b instanceof Value.SetV sb) {
          TreeSet<Value> r = new TreeSet<>(sa.items());
          r.addAll(sb.items());
          yield Value.ownSet(r);
        }
        throw err("operator | expects set operands, got " + a.typeName() + " and " + b.typeName(), pos);
      }
    };
  }

  private static Value arith(Op op, Value a, Value b, Pos pos) throws PolicyException {
    if (!(a instanceof Num x) || !(b instanceof Num y)) {
      throw err("arithmetic operands must be numbers, got " + a.typeName() + " and " + b.typeName(), pos);
    }
    try {
      return switch (op) {
        case ADD -> x.add(y);
        case SUB -> x.subtract(y);
        case MUL -> x.multiply(y);
        case DIV -> {
          if (y.signum() == 0) {
            throw err("divide by zero", pos);
          }
          yield x.divide(y);
        }
        default -> {
          if (!x.isInteger() || !y.isInteger()) {
            throw err("modulo on floating-point number", pos);
          }
          if (y.signum() == 0) {
            throw err("modulo by zero", pos);
          }
          yield x.remainder(y);
        }
      };
    } catch (ArithmeticException e) {
      throw err("arithmetic overflow: " + e.getMessage(), pos);
    }
  }

  static Value negate(Value v, Pos pos) throws PolicyException {
    if (v instanceof Num n) {
      return n.negate();
    }
    throw err("unary minus expects a number, got " + v.typeName(), pos);
  }

  /** {@code value in coll} and {@code key, value in coll}; a non-collection gives false. */
  static Value member(Value key, Value value, Value coll) {
    switch (coll) {
      case Value.Arr a -> {
        if (key != null) {
          int i = index(key, a.size());
          return Value.bool(i >= 0 && a.get(i).equals(value));
        }
        for (Value item : a.items()) {
          if (item.equals(value)) {
            return Value.TRUE;
          }
        }
        return Value.FALSE;
      }
      case Value.Obj o -> {
        if (key != null) {
          Value v = o.get(key);
          return Value.bool(v != null && v.equals(value));
        }
        return Value.bool(o.map().containsValue(value));
      }
      case Value.SetV s -> {
        if (key != null && !key.equals(value)) {
          return Value.FALSE;
        }
        return Value.bool(s.contains(value));
      }
      default -> {
        return Value.FALSE;
      }
    }
  }

  /** Array index for a key, or -1 when it is not an integer in range. */
  static int index(Value key, int size) {
    if (key instanceof Num n && n.isLong()) {
      long l = n.longValue();
      return l >= 0 && l < size ? (int) l : -1;
    }
    return -1;
  }

  /** One step of a reference: {@code coll[key]}, or null when undefined. */
  static Value lookup(Value coll, Value key) {
    if (coll instanceof Value.Obj o) {
      return o.get(key);
    }
    if (coll instanceof Value.Arr a) {
      int i = index(key, a.size());
      return i < 0 ? null : a.get(i);
    }
    if (coll instanceof Value.SetV s) {
      return s.contains(key) ? key : null;
    }
    return null;
  }

  static boolean truthy(Value v) {
    return v != null && v != Value.FALSE && !(v instanceof Value.Bool b && !b.value());
  }

  static PolicyException err(String msg, Pos pos) {
    return new PolicyException(PolicyException.Kind.EVAL, msg, pos.file(), pos.line(), pos.col());
  }
}
