package dev.claviger.policy.internal.rego;

import dev.claviger.policy.Num;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.Lexer.T;
import dev.claviger.policy.internal.rego.Lexer.Tok;
import java.util.ArrayList;
import java.util.List;

/** Recursive-descent parser for Rego v0 and v1 modules and queries. */
final class Parser extends ExprParser {
  private boolean sawRegoV1;
  private boolean sawFuture;

  private Parser(String file, String src) throws PolicyException {
    super(file, src);
  }

  static RegoModule parseModule(String file, String src, boolean defaultV1) throws PolicyException {
    Parser ps = new Parser(file, src);
    ps.setV1(defaultV1);
    return ps.module();
  }

  static Body parseQuery(String src) throws PolicyException {
    Parser ps = new Parser("query", src);
    ps.setV1(true);
    List<Lit> lits = new ArrayList<>();
    while (ps.peek().type() != T.EOF) {
      lits.add(ps.literal());
      if (ps.peek().is(";")) {
        ps.p++;
      } else if (ps.peek().type() != T.EOF && !ps.peek().nl()) {
        throw ps.err("expecting EOF", ps.peek());
      }
    }
    if (lits.isEmpty()) {
      throw ps.err("empty query", ps.peek());
    }
    return Body.parsed(lits);
  }

  private void setV1(boolean on) {
    v1 = on;
    kwIn = kwEvery = kwIf = kwContains = on;
  }

  // --- module ------------------------------------------------------------------------------

  private RegoModule module() throws PolicyException {
    Tok t = peek();
    if (!t.is("package")) {
      throw err("expected package declaration", t);
    }
    p++;
    List<String> pkg = staticPath(ref(), "package");
    if (!pkg.get(0).equals("data")) {
      pkg.add(0, "data");
    }
    List<Import> imports = new ArrayList<>();
    while (peek().is("import")) {
      imports.add(importDecl());
    }
    List<Rule> rules = new ArrayList<>();
    while (peek().type() != T.EOF) {
      if (peek().is("import")) {
        throw err("imports must come before rules", peek());
      }
      rules.add(rule());
    }
    return new RegoModule(file, pkg, imports, rules, v1, pos(t));
  }

  private Import importDecl() throws PolicyException {
    Tok t = next();
    List<String> path = staticPath(ref(), "import");
    String alias = null;
    if (peek().is("as") && !peek().nl()) {
      p++;
      alias = ident().text();
    }
    String joined = String.join(".", path);
    if (joined.equals("rego.v1") && (sawRegoV1 || sawFuture) || joined.startsWith("future.") && sawRegoV1) {
      throw err("this import shadows previous import", t);
    }
    sawRegoV1 |= joined.equals("rego.v1");
    sawFuture |= joined.startsWith("future.");
    switch (joined) {
      case "rego.v1" -> setV1(true);
      case "future.keywords" -> kwIn = kwEvery = kwIf = kwContains = true;
      case "future.keywords.in" -> kwIn = true;
      case "future.keywords.every" -> kwEvery = kwIn = true;
      case "future.keywords.if" -> kwIf = true;
      case "future.keywords.contains" -> kwContains = true;
      default -> {
        if (!path.get(0).equals("data") && !path.get(0).equals("input")) {
          if (path.get(0).equals("future")) {
            throw err("unknown future keyword import " + joined, t);
          }
          throw err("import must begin with data or input: " + joined, t);
        }
      }
    }
    return new Import(path, alias, pos(t));
  }

  private List<String> staticPath(Term t, String what) throws PolicyException {
    List<String> out = new ArrayList<>();
    if (t instanceof Var v) {
      out.add(v.name());
      return out;
    }
    if (t instanceof Ref r && r.head() instanceof Var v) {
      out.add(v.name());
      for (Term s : r.path()) {
        if (s instanceof Scalar sc && sc.value() instanceof Value.Str str) {
          out.add(str.value());
        } else {
          throw new PolicyException(PolicyException.Kind.PARSE, "invalid " + what + " path", file, s.pos().line(), s.pos().col());
        }
      }
      return out;
    }
    throw new PolicyException(PolicyException.Kind.PARSE, "invalid " + what + " path", file, t.pos().line(), t.pos().col());
  }

  // --- rules -------------------------------------------------------------------------------

  private Rule rule() throws PolicyException {
    Tok start = peek();
    boolean isDefault = false;
    if (start.is("default")) {
      p++;
      isDefault = true;
    }
    Tok nameTok = ident();
    Var name = new Var(nameTok.text(), pos(nameTok));
    List<Term> path = new ArrayList<>();
    while (!peek().spaceBefore() && (peek().is(".") || peek().is("["))) {
      if (next().is(".")) {
        Tok seg = ident();
        path.add(new Scalar(Value.str(seg.text()), pos(seg)));
      } else {
        path.add(expr());
        expect("]");
      }
    }
    List<Term> args = null;
    if (peek().is("(") && !peek().spaceBefore()) {
      p++;
      args = new ArrayList<>();
      int saved = enterNested();
      while (!peek().is(")")) {
        args.add(expr());
        if (!peek().is(",")) {
          break;
        }
        p++;
      }
      exitNested(saved);
      expect(")");
    }
    Term element = null;
    Term value = null;
    boolean assign = false;
    if (kwContains && peek().is("contains") && args == null) {
      p++;
      element = expr();
    } else if (peek().is(":=") || peek().is("=")) {
      assign = next().is(":=");
      value = expr();
    }
    if (isDefault) {
      if (value == null) {
        throw err("default rule must have a value", start);
      }
      return new Rule(new Head(name, path, args, null, value, assign), null, List.of(), true, pos(start));
    }
    if (element == null && value == null && args == null && !path.isEmpty() && !v1
        && (path.size() == 1 || !(path.get(path.size() - 1) instanceof Scalar && allScalar(path)))) {
      // v0 `p[x] { ... }` is a partial set rule.
      element = path.remove(path.size() - 1);
    }
    Body body = ruleBody(start);
    if (body == null && value == null && element == null) {
      throw err(v1 && !path.isEmpty() && args == null ? (path.size() == 1 ? "`contains` keyword is required for partial set rules"
          : "rule must have a body or assignment") : "rule must have a body", start);
    }
    List<Else> elses = new ArrayList<>();
    while (peek().is("else")) {
      Tok e = next();
      Term ev = null;
      if (peek().is(":=") || peek().is("=")) {
        p++;
        ev = expr();
      }
      Body eb = ruleBody(e);
      elses.add(new Else(ev, eb, pos(e)));
    }
    return new Rule(new Head(name, path, args, element, value, assign), body, elses, false, pos(start));
  }

  private static boolean allScalar(List<Term> path) {
    for (Term t : path) {
      if (!(t instanceof Scalar)) {
        return false;
      }
    }
    return true;
  }

  private Body ruleBody(Tok ruleStart) throws PolicyException {
    if (kwIf && peek().is("if")) {
      p++;
      if (peek().is("{")) {
        Body compr = comprehensionBody();
        return compr != null ? compr : block();
      }
      return Body.parsed(List.of(literal()));
    }
    if (peek().is("{")) {
      if (v1) {
        throw err("`if` keyword is required before rule body", peek());
      }
      return block();
    }
    return null;
  }

  /** {@code p if { x | ... }}: regorus reads a lone comprehension as the body's only literal. */
  private Body comprehensionBody() {
    int save = p;
    boolean savedNl = nlSignificant;
    boolean savedBar = stopAtBar;
    try {
      Tok t = peek();
      Term term = primary();
      if (term instanceof Compr && (peek().nl() || peek().type() == T.EOF || peek().is("else"))) {
        return Body.parsed(List.of(new ExprLit(term, false, List.of(), pos(t))));
      }
    } catch (PolicyException e) {
      // not a comprehension: parse as a block
    }
    p = save;
    nlSignificant = savedNl;
    stopAtBar = savedBar;
    return null;
  }

  private Body block() throws PolicyException {
    expect("{");
    boolean saved = nlSignificant;
    nlSignificant = true;
    List<Lit> lits = new ArrayList<>();
    while (!peek().is("}")) {
      if (peek().type() == T.EOF) {
        throw err("unexpected end of input in rule body", peek());
      }
      lits.add(literal());
      if (peek().is(";")) {
        p++;
      } else if (!peek().is("}") && !peek().nl()) {
        throw err("unexpected token '" + peek().text() + "'", peek());
      }
    }
    p++;
    nlSignificant = saved;
    return Body.parsed(lits);
  }

  // --- literals ----------------------------------------------------------------------------

  @Override
  Lit literal() throws PolicyException {
    Tok t = peek();
    if (++nesting > MAX_NESTING) {
      throw err("nesting too deep", t);
    }
    try {
      Lit lit;
      if (t.is("some")) {
        lit = some();
      } else if (kwEvery && t.is("every")) {
        lit = every();
      } else {
        boolean neg = false;
        if (t.is("not")) {
          p++;
          neg = true;
        }
        Term e = exprWithAssign();
        lit = new ExprLit(e, neg, withs(), pos(t));
      }
      return lit;
    } finally {
      nesting--;
    }
  }

  private List<With> withs() throws PolicyException {
    List<With> out = null;
    while (peek().is("with")) {
      Tok w = next();
      Term target = primary();
      if (!peek().is("as")) {
        throw err("expected 'as'", peek());
      }
      p++;
      Term value = in();
      if (out == null) {
        out = new ArrayList<>();
      }
      out.add(new With(target, value, pos(w)));
    }
    return out == null ? List.of() : out;
  }

  private Lit some() throws PolicyException {
    Tok t = next();
    List<Term> terms = new ArrayList<>();
    terms.add(relation());
    while (peek().is(",")) {
      p++;
      terms.add(relation());
    }
    if (kwIn && peek().is("in")) {
      p++;
      if (terms.size() > 2) {
        throw err("too many variables in some ... in", t);
      }
      Term coll = relation();
      Term key = terms.size() == 2 ? terms.get(0) : null;
      return new SomeIn(key, terms.get(terms.size() - 1), coll, withs(), pos(t));
    }
    List<Var> vars = new ArrayList<>();
    for (Term term : terms) {
      if (!(term instanceof Var v)) {
        throw new PolicyException(PolicyException.Kind.PARSE, "expected variable in some declaration", file, term.pos().line(), term.pos().col());
      }
      vars.add(v);
    }
    return new SomeDecl(vars, withs(), pos(t));
  }

  private Lit every() throws PolicyException {
    Tok t = next();
    Term a = primary();
    Term key = null;
    Term value = a;
    if (peek().is(",")) {
      p++;
      key = a;
      value = primary();
    }
    if (!peek().is("in")) {
      throw err("expected 'in' in every", peek());
    }
    p++;
    Term domain = relation();
    Body body = block();
    return new Every(key, value, domain, body, withs(), pos(t));
  }
}
