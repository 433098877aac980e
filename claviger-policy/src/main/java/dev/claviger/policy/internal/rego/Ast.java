package dev.claviger.policy.internal.rego;

import dev.claviger.policy.Value;
import java.util.List;

/**
 * The Rego syntax tree. The parser produces {@link Var} and {@link Call} with names; the
 * compiler rewrites them into {@link Local}, roots and {@link CallC} with resolved targets.
 */
final class Ast {
  private Ast() {}

  record Pos(String file, int line, int col) {
    @Override
    public String toString() {
      return file + ":" + line + ":" + col;
    }
  }

  static final int T_SCALAR = 0;
  static final int T_VAR = 1;
  static final int T_LOCAL = 2;
  static final int T_INPUTROOT = 3;
  static final int T_DATAROOT = 4;
  static final int T_RULEREF = 5;
  static final int T_REF = 6;
  static final int T_ARRAYLIT = 7;
  static final int T_SETLIT = 8;
  static final int T_OBJECTLIT = 9;
  static final int T_COMPR = 10;
  static final int T_CALL = 11;
  static final int T_CALLC = 12;
  static final int T_BIN = 13;
  static final int T_NEG = 14;
  static final int T_MEMBER = 15;
  static final int T_ASSIGN = 16;
  static final int T_UNIFY = 17;

  enum Op { EQ, NE, LT, LE, GT, GE, ADD, SUB, MUL, DIV, MOD, AND, OR }

  enum ComprKind { ARRAY, SET, OBJECT }

  sealed interface Term permits Scalar, Var, Local, InputRoot, DataRoot, Ref, ArrayLit, SetLit,
      ObjectLit, Compr, Call, CallC, Bin, Neg, Member, Assign, Unify, RuleRef {
    Pos pos();

    /** A dense type tag: the evaluator switches on it instead of on the record type. */
    int tag();
  }

  record Scalar(Value value, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_SCALAR;
    }
  }

  record Var(String name, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_VAR;
    }
    boolean wildcard() {
      return name.equals("_");
    }
  }

  /** A resolved local variable: index into the evaluation frame. */
  record Local(String name, int slot, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_LOCAL;
    }
  }

  record InputRoot(Pos pos) implements Term {
    @Override
    public int tag() {
      return T_INPUTROOT;
    }
  }

  record DataRoot(Pos pos) implements Term {
    @Override
    public int tag() {
      return T_DATAROOT;
    }
  }

  /** {@code head.a[b]...}; dot segments are string scalars. */
  record Ref(Term head, Term[] path, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_REF;
    }
  }

  /**
   * A data reference whose static prefix names a value rule: evaluated without walking the
   * tree when no base document or {@code with data} override can shadow it.
   */
  record RuleRef(Program.RuleSet rules, Term[] rest, Ref original, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_RULEREF;
    }
  }

  record ArrayLit(Term[] items, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_ARRAYLIT;
    }
  }

  record SetLit(Term[] items, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_SETLIT;
    }
  }

  record ObjectLit(Term[] keys, Term[] values, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_OBJECTLIT;
    }
  }

  /** Comprehension; {@code key} is only set for objects. */
  record Compr(ComprKind kind, Term key, Term value, Body body, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_COMPR;
    }
  }

  /** Unresolved call of a dotted name. */
  record Call(String name, Term[] args, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_CALL;
    }
  }

  /** Resolved call; {@code out} is the trailing output argument of the old call form, or null. */
  record CallC(Program.Callee callee, Term[] args, Term out, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_CALLC;
    }
  }

  record Bin(Op op, Term left, Term right, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_BIN;
    }
  }

  record Neg(Term operand, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_NEG;
    }
  }

  /** {@code value in coll} or {@code key, value in coll}; {@code key} may be null. */
  record Member(Term key, Term value, Term coll, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_MEMBER;
    }
  }

  record Assign(Term lhs, Term rhs, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_ASSIGN;
    }
  }

  record Unify(Term lhs, Term rhs, Pos pos) implements Term {
    @Override
    public int tag() {
      return T_UNIFY;
    }
  }

  // --- literals ---------------------------------------------------------------------------

  sealed interface Lit permits ExprLit, SomeDecl, SomeIn, Every {
    Pos pos();

    List<With> withs();
  }

  record With(Term target, Term value, Pos pos) {}

  record ExprLit(Term term, boolean negated, List<With> withs, Pos pos) implements Lit {}

  record SomeDecl(List<Var> vars, List<With> withs, Pos pos) implements Lit {}

  record SomeIn(Term key, Term value, Term coll, List<With> withs, Pos pos) implements Lit {}

  record Every(Term key, Term value, Term domain, Body body, List<With> withs, Pos pos) implements Lit {}

  /**
   * A body. After compilation {@code lits} is in evaluation order and {@code gen[i]} says whether
   * literal i can bind iteration variables (needs the generator path); {@code index[i]} is the
   * literal's position in the source.
   */
  record Body(List<Lit> lits, boolean[] gen, int[] index) {
    static Body parsed(List<Lit> lits) {
      return new Body(lits, null, null);
    }
  }

  // --- rules and modules -------------------------------------------------------------------

  /**
   * A parsed rule head. {@code ref} is the head reference: a {@link Var} then segments.
   * {@code args} is non-null for functions. {@code element} is set for {@code contains} and for
   * v0 {@code p[x]} set rules.
   */
  record Head(Var name, List<Term> path, List<Term> args, Term element, Term value, boolean assign) {}

  record Else(Term value, Body body, Pos pos) {}

  record Rule(Head head, Body body, List<Else> elses, boolean isDefault, Pos pos) {}

  record Import(List<String> path, String alias, Pos pos) {}

  record RegoModule(String name, List<String> pkg, List<Import> imports, List<Rule> rules, boolean v1, Pos pos) {}
}
