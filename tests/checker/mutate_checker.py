#!/usr/bin/env python3
"""Mutation testing of relucheck (src/checker): a lenient or broken checker must fail the suite.

Applies a fixed list of source mutations to src/checker, one at a time, rebuilds the checker alone
(g++ and the library flags of src/checker/CMakeLists.txt, without CMake), runs the checker's tests
on the mutant and requires that some test fails ("killed"). The list is derived deterministically
from the sources, every operator at every matching site of the code (comments, string literals and
preprocessor lines are never mutated):

  rel    each relational operator ` < ` ` <= ` ` > ` ` >= ` (written with spaces around, which
         clang-format guarantees for binary operators and never for templates, `<<` or `->`)
         replaced by its strict/non-strict variant and by its negation; ` == ` <-> ` != `;
  cond   each `if (COND)` whose body fails (fail(, throw) or returns a failure or a verdict
         (`return {...}`, `return "..."`, `return false`, `return true`, `return;`) made
         `if (false)`; and in those conditions and in `bool x = ...` initialisers, each operand of
         an `&&` chain replaced by true and of an `||` chain by false (the condition removed);
  sign   in the bound and loss formulas (tree.cpp, tree.hpp, and Checker's leaf, unit, upper
         of check.cpp): `+=` <-> `-=`, binary ` + ` <-> ` - ` (not where an operand is a string)
         and each unary minus removed;
  loop   each for-loop bound shortened by one: `i < n` -> `i + 1 < n` in the condition of a for
         header (also `<=`).

Building: the unmutated objects are compiled once (with a precompiled header of the system
headers, -O1 and _GLIBCXX_ASSERTIONS, so that an index a mutant puts out of range aborts). The
mutants of a .cpp file are then compiled together into one schema (schema_text): the mutated
expression is selected at run time by RELUCHECK_MUTANT, each mutant behaving exactly as its own
source, which keeps the run to minutes; mutants of headers, and of a file whose schema does not
compile, are compiled one by one (--single: all of them, to cross-check the schemata).

A mutant that does not compile is "stillborn" and counted apart. A mutant no test kills must be
listed, with the reason it cannot change any outcome, in tests/checker/mutants_equivalent.txt;
otherwise this script fails. The tests are those of tests/checker/CMakeLists.txt, run directly
with the semantics of run_check.sh: the golden, bad, claim and malformed-instance cases (read
from their MANIFESTs and from CMakeLists.txt, with the malformed-instance and command-line
lists, stopping at the first failure), then, for a mutant they all pass, usage.sh, equivalent.sh,
stress.sh (small depth), stdin_quiet.sh and prefixes.sh (as prefixes(), with fewer processes).
Every run's standard input is empty (/dev/null).

    python3 tests/checker/mutate_checker.py --jobs 2          # from anywhere; exit 0 = all killed
    python3 tests/checker/mutate_checker.py --list            # the mutants only, no build

Exit codes: 0 every mutant killed, stillborn or listed as equivalent; 1 a survivor not listed;
2 the unmutated checker fails its own tests, or a usage or build error.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "src", "checker")
TESTS = os.path.join(ROOT, "tests", "checker")
EQUIVALENT = os.path.join(TESTS, "mutants_equivalent.txt")
CASE_TIMEOUT = 20  # seconds per checker run; a mutant that hangs is killed
SCRIPT_TIMEOUT = 600
STRESS_DEPTH = "6"
# _GLIBCXX_ASSERTIONS: an index a mutant puts out of range aborts, deterministically.
CXXFLAGS = ["-std=c++17", "-O1", "-D_GLIBCXX_ASSERTIONS", '-DRELUCERT_VERSION="0.0.0"']
LIBS = ["-lgmpxx", "-lgmp", "-lcrypto"]

# --- Reading the sources ---------------------------------------------------------------------


def mask(text):
    """Returns (code, nocomment), both as long as text with the same line breaks: in code,
    comments and preprocessor lines are blanked and the characters of string and character
    literals replaced by '_' (their quotes kept); in nocomment only comments and preprocessor
    lines are blanked."""
    code, noc = list(text), list(text)
    i, n = 0, len(text)

    def blank(a, b, keep_quotes, strings):
        for p in range(a, b):
            if text[p] == "\n":
                continue
            if strings:
                if not (keep_quotes and (p == a or p == b - 1)):
                    code[p] = "_"
            else:
                code[p] = noc[p] = " "

    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and text[i:].lstrip(" ").startswith("#"):
            e = text.find("\n", i)
            e = n if e < 0 else e
            blank(i, e, False, False)
            i = e
            continue
        at_line_start = False
        if c == "\n":
            at_line_start = True
            i += 1
        elif text.startswith("//", i):
            e = text.find("\n", i)
            e = n if e < 0 else e
            blank(i, e, False, False)
            i = e
        elif text.startswith("/*", i):
            e = text.index("*/", i) + 2
            blank(i, e, False, False)
            i = e
        elif text.startswith('R"', i) and not (text[i - 1].isalnum() or text[i - 1] == "_"):
            delim = text[i + 2:text.index("(", i)]
            e = text.index(")" + delim + '"', i) + len(delim) + 2
            blank(i, e, True, True)
            i = e
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator: none here
                i += 1
                continue
            e = i + 1
            while text[e] != c:
                e += 2 if text[e] == "\\" else 1
            blank(i, e + 1, True, True)
            i = e + 1
        else:
            i += 1
    return "".join(code), "".join(noc)


OPEN, CLOSE = "([{", ")]}"


def match(code, p):
    """Index of the bracket closing the one at p."""
    depth = 0
    for q in range(p, len(code)):
        if code[q] in OPEN:
            depth += 1
        elif code[q] in CLOSE:
            depth -= 1
            if depth == 0:
                return q
    raise ValueError("unbalanced brackets")


def match_back(code, p):
    """Index of the bracket opening the one closed at p."""
    depth = 0
    for q in range(p, -1, -1):
        if code[q] in CLOSE:
            depth += 1
        elif code[q] in OPEN:
            depth -= 1
            if depth == 0:
                return q
    raise ValueError("unbalanced brackets")


def top_level(code, a, b):
    """Yields (position, char) of the characters of code[a:b] at bracket depth 0."""
    depth = 0
    for q in range(a, b):
        ch = code[q]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
        elif depth == 0:
            yield q, ch


def trim(code, a, b):
    while a < b and code[a].isspace():
        a += 1
    while b > a and code[b - 1].isspace():
        b -= 1
    return a, b


def chains(code, a, b):
    """The && / || chains inside code[a:b], at every bracket depth: a list of (op, operands),
    each operand a span (start, end). Segments are split at , ; ? and : of their own depth."""
    found = []

    def group(a, b):
        # split [a, b) at the separators of depth 0, then each piece at its && or ||
        cuts, q = [a], a
        for q, ch in top_level(code, a, b):
            if ch in ",;?" or (ch == ":" and code[q - 1] != ":" and code[q + 1] != ":"):
                cuts.append(q)
                cuts.append(q + 1)
        cuts.append(b)
        for s, e in zip(cuts[::2], cuts[1::2]):
            s, e = trim(code, s, e)
            if code.startswith("return ", s):
                s += len("return ")
            ops = [(q, code[q + 1:q + 3]) for q, ch in top_level(code, s, e)
                   if LOGICAL.match(code, q)]
            kinds = {o for _, o in ops}
            if len(kinds) == 1:
                spans, start = [], s
                for q, _ in ops:
                    spans.append(trim(code, start, q))
                    start = q + 3
                spans.append(trim(code, start, e))
                found.append((kinds.pop(), spans))
        # recurse into the brackets of [a, b)
        q = a
        while q < b:
            if code[q] in OPEN:
                e = match(code, q)
                group(q + 1, e)
                q = e + 1
            else:
                q += 1

    group(a, b)
    return found


def function_span(code, name):
    """The span of the body of the function defined as `name(` (e.g. 'void leaf')."""
    m = re.search(r"\b" + re.escape(name) + r"\(", code)
    body = code.index("{", match(code, m.end() - 1))
    return m.start(), match(code, body) + 1


# Binary operators written with spaces around (clang-format), by precedence, tightest first.
BINARY = re.compile(r"(?<=\s)(<<=|>>=|<<|>>|<=|>=|==|!=|&&|\|\||\+=|-=|\*=|/=|\|=|&=|\*|/|%|\+|-|<|"
                    r">|&|\^|\||\?|:|=)(?=\s)")
LEVEL = {"*": 13, "/": 13, "%": 13, "+": 12, "-": 12, "<<": 11, ">>": 11, "<": 9, "<=": 9,
         ">": 9, ">=": 9, "==": 8, "!=": 8, "&": 7, "^": 6, "|": 5, "&&": 4, "||": 3, "?": 2,
         ":": 2}


def primary_end(code, p):
    """The end of the primary expression (name, literal, call, index, member) at code[p]."""
    q = p
    while q < len(code):
        if code[q].isalnum() or code[q] in "_.:":
            q += 1
        elif code[q] in "([":
            q = match(code, q) + 1
        elif code.startswith("->", q):
            q += 2
        else:
            return q
    return q


def expr_span(code, qs, qe):
    """The span of the binary expression whose operator is code[qs:qe]: its operands reach as far
    as the operators binding tighter, within the enclosing brackets and statement."""
    level = LEVEL.get(code[qs:qe], 1)
    g0 = qs
    depth = 0
    while g0 > 0:
        ch = code[g0 - 1]
        if ch in CLOSE:
            depth += 1
        elif ch in OPEN:
            if depth == 0:
                break
            depth -= 1
        g0 -= 1
    g1 = match(code, g0 - 1) if g0 > 0 else len(code)
    stops = []  # depth-0 positions (start, end) that end an operand
    for m in BINARY.finditer(code, g0, g1):
        if LEVEL.get(m.group(1), 1) <= level:
            stops.append((m.start(), m.end()))
    tops = {q for q, _ in top_level(code, g0, g1)}
    stops = [(a, b) for a, b in stops if a in tops and (a, b) != (qs, qe)]
    depth = 0
    for q in range(g0, g1):
        ch = code[q]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth -= 1
            # the head of an if/for/while: the statement starts after it
            if depth == 0 and re.search(r"\b(if|for|while|switch) $", code[:match_back(code, q)]):
                stops.append((q, q + 1))
        elif depth == 0 and ch in ",;":
            stops.append((q, q + 1))
    for m in re.finditer(r"\b(return|else)\b", code[g0:g1]):
        if g0 + m.start() in tops:
            stops.append((g0 + m.start(), g0 + m.end()))
    a = max([b for _, b in stops if b <= qs] + [g0])
    b = min([s for s, _ in stops if s >= qe] + [g1])
    return trim(code, a, b)


# --- The mutants -----------------------------------------------------------------------------

LOGICAL = re.compile(r"\s(&&|\|\|)\s")
REL = {"<": ["<=", ">="], "<=": ["<", ">"], ">": [">=", "<="], ">=": [">", "<"],
       "==": ["!="], "!=": ["=="]}
FAILING_BODY = re.compile(r"\bfail\(|\bthrow\b|\breturn\s*(\{|\"|false\b|true\b|;|over = true)")
SIGN_SCOPE = {"tree.cpp": None, "tree.hpp": None,
              "check.cpp": ["void leaf", "void unit", "void upper"]}
# Calls whose arguments are message text: a changed sign there changes only the message.
MESSAGE = re.compile(r"\b(fail|say|to_str|to_string)\(")
STRINGY = re.compile(r"(to_str|to_string|string|substr)$")


class Mutant:
    def __init__(self, file, text, noc, start, end, new, op, schema):
        self.file, self.op, self.schema = file, op, schema
        self.start, self.end, self.new = start, end, new
        self.line = text.count("\n", 0, start) + 1
        a = text.rfind("\n", 0, start) + 1
        b = text.find("\n", end)
        b = len(text) if b < 0 else b
        mutated = noc[:start] + new + noc[end:]
        self.original = " ".join(l.strip() for l in noc[a:b].split("\n")).strip()
        self.mutated = " ".join(
            l.strip() for l in mutated[a:b + len(new) - (end - start)].split("\n")).strip()
        self.text = text[:start] + new + text[end:]
        self.occurrence = 1  # set by mutants(): among mutants with the same key

    def key(self):
        return (self.file, self.original, self.mutated)

    def ident(self):
        """The identifier used in mutants_equivalent.txt: no line numbers, so that it survives
        unrelated edits."""
        n = f"#{self.occurrence}" if self.occurrence > 1 else ""
        return f"{self.file}{n}: {self.original} ==> {self.mutated}"

    def __str__(self):
        return f"{self.file}:{self.line}: [{self.op}] {self.original} -> {self.mutated}"


def string_operand(code, q, width):
    """Whether the binary operator at code[q:q+width] (spaces around) joins a string."""
    left = code[:q].rstrip()
    right = code[q + width:].lstrip()
    if left.endswith('"') or right.startswith('"'):
        return True
    if left.endswith(")"):
        o = match_back(left, len(left) - 1)
        if STRINGY.search(left[:o]):
            return True
    return bool(re.match(r"(std::)?(to_str|to_string|string)\(", right))


def file_mutants(name, text):
    code, noc = mask(text)
    out = []

    def add(a, b, new, op, schema=None):
        """schema: how the mutant is written in a schema (see schema_text): ('span', s, e, R)
        replaces the expression code[s:e] by R, ('insert', p, R) inserts R at p; None: the
        mutant is compiled on its own."""
        if name.endswith(".hpp"):
            schema = None
        out.append(Mutant(name, text, noc, a, b, new, op, schema))

    # rel
    for m in re.finditer(r"(?<=\s)(<=|>=|==|!=|<|>)(?=\s)", code):
        for new in REL[m.group(1)]:
            s, e = expr_span(code, m.start(), m.end())
            r = text[s:m.start()] + new + text[m.end():e]
            add(m.start(), m.end(), new, "rel", ("span", s, e, r))
    # cond: failing ifs
    cond_spans = []
    for m in re.finditer(r"\bif \(", code):
        o = m.end() - 1
        c = match(code, o)
        s = o + 1
        for q, ch in top_level(code, o + 1, c):  # an init-statement: keep it
            if ch == ";":
                s = q + 1
        s, e = trim(code, s, c)
        b = c + 1
        while code[b].isspace():
            b += 1
        if code[b] == "{":
            body_end = match(code, b) + 1
        else:
            body_end = next(q for q, ch in top_level(code, b, len(code)) if ch == ";") + 1
        if FAILING_BODY.search(text[b:body_end]):
            add(s, e, "false", "cond", ("span", s, e, "false"))
            cond_spans.append((s, e))
    # cond: bool initialisers (and `x = x && ...`)
    for m in re.finditer(r"\bbool \w+ =\s|\b(\w+) = \1 && ", code):
        s = m.start() + len(m.group(1)) + 3 if m.group(1) else m.end()
        e = next(q for q, ch in top_level(code, s, len(code)) if ch in ",;")
        cond_spans.append((s, e))
    seen = set()
    for s, e in cond_spans:
        for op, spans in chains(code, s, e):
            for a, b in spans:
                if (a, b) not in seen:
                    seen.add((a, b))
                    r = "true" if op == "&&" else "false"
                    add(a, b, r, "cond", ("span", a, b, r))
    # sign, except in the text of messages
    if name in SIGN_SCOPE:
        funcs = SIGN_SCOPE[name]
        spans = [(0, len(code))] if funcs is None else [function_span(code, f) for f in funcs]
        messages = [(m.end(), match(code, m.end() - 1)) for m in MESSAGE.finditer(code)]
        ok = lambda q, lo: q >= lo and not any(a <= q < b for a, b in messages)
        for lo, hi in spans:
            for m in re.finditer(r"(?<=\s)(\+=|-=)(?=\s)", code[:hi]):
                if ok(m.start(), lo) and not string_operand(code, m.start(), 2):
                    new = "-=" if m.group(1) == "+=" else "+="
                    s, e = expr_span(code, m.start(), m.end())
                    r = text[s:m.start()] + new + text[m.end():e]
                    add(m.start(), m.end(), new, "sign", ("alt", s, e, r))
            for m in re.finditer(r"(?<=\s)([+-])(?=\s)", code[:hi]):
                if ok(m.start(), lo) and not string_operand(code, m.start(), 1):
                    _, e = expr_span(code, m.start(), m.end())
                    s, e = trim(code, m.end(), e)
                    add(m.start(), m.end(), "-" if m.group(1) == "+" else "+", "sign",
                        ("neg", s, e))
            for m in re.finditer(r"(?<=[(\[\s])-(?=[\w(])", code[:hi]):
                if ok(m.start(), lo):
                    e = primary_end(code, m.end())
                    add(m.start(), m.end(), "", "sign", ("unneg", m.start(), e, m.end()))
    # loop
    for m in re.finditer(r"\bfor \(", code):
        o = m.end() - 1
        c = match(code, o)
        semis = [q for q, ch in top_level(code, o + 1, c) if ch == ";"]
        if len(semis) != 2:
            continue  # a range-for
        s, e = semis[0] + 1, semis[1]
        ops = [q for q, ch in top_level(code, s, e) if LOGICAL.match(code, q)]
        starts = [s] + [q + 3 for q in ops]
        for r in re.finditer(r"(?<=\s)(<=|<)(?=\s)", code[:e]):
            if r.start() < s:
                continue
            a = max(p for p in starts if p <= r.start())
            a, b = trim(code, a, r.start())
            left = text[a:b]
            new = left + " + 1" if re.fullmatch(r"[\w.\[\]]+(\(\))?", left) else f"({left}) + 1"
            add(a, b, new, "loop", ("insert", b, " + 1"))
    return out


def schema_text(text, ms):
    """One source holding the mutants ms of a file (a mutant schema): mutant k is active when the
    environment variable RELUCHECK_MUTANT is k, and with no mutant active the program is the
    original. An expression E a mutant changes to R becomes (m == k ? (R) : E'), with E' the
    expression with its inner mutants (as static_cast<bool>(E') for a condition or comparison);
    a loop bound X becomes X + (m == k ? 1 : 0); the right operand B of a flipped + or - becomes
    mut_neg(m == k, B') (m ? -B : B), and -X with its minus removed mut_neg(m != k, X'). The
    conditional evaluates one branch only, so every mutant behaves as its own source. Raises
    ValueError where the mutated expressions overlap."""
    spans, inserts = {}, {}
    for m in ms:
        kind = m.schema[0]
        if kind == "insert":
            inserts.setdefault(m.schema[1], []).append(m.index)
            continue
        a, b = m.schema[1], m.schema[2]
        rest = m.schema[3] if len(m.schema) > 3 else None
        if isinstance(rest, str):
            rest = rest.replace("\n", " ")
        spans.setdefault((a, b), []).append((kind, m.index, rest))
    for ws in spans.values():
        if any(w[0] == "unneg" for w in ws) and len(ws) > 1:
            raise ValueError("a removed minus shares its expression with another mutant")
    order = sorted(spans, key=lambda ab: (ab[0], -ab[1]))
    done = set()

    def emit(a, b, inner):
        """text[a:b] with the spans of inner (sorted by start, inside [a, b)) and the inserts
        at a <= p < b not yet written."""
        out, q, k = [], a, 0
        while True:
            nxt = inner[k] if k < len(inner) else None
            stop = nxt[0] if nxt else b
            for p in sorted(p for p in inserts if q <= p and (p <= stop if nxt else p < stop)
                            and p not in done):
                done.add(p)
                out.append(text[q:p])
                out.extend(f" + (MUT_ == {i} ? 1 : 0)" for i in inserts[p])
                q = p
            out.append(text[q:stop])
            if nxt is None:
                return "".join(out)
            s, e = nxt
            if e > b:
                raise ValueError(f"overlapping mutated expressions at {s}")
            kids, j = [], k + 1
            while j < len(inner) and inner[j][0] < e:
                if inner[j][1] > e:
                    raise ValueError(f"overlapping mutated expressions at {inner[j][0]}")
                kids.append(inner[j])
                j += 1
            ws = spans[(s, e)]
            if ws[0][0] == "unneg":
                xs = ws[0][2]
                if any(c[0] < xs for c in kids):
                    raise ValueError(f"a mutant on a removed minus at {s}")
                body = f"mut_neg_(MUT_ != {ws[0][1]}, {emit(xs, e, kids)})"
            else:
                body = emit(s, e, kids)
                if any(w[0] == "span" for w in ws):
                    body = f"static_cast<bool>({body})"
                for kind, i, r in reversed(ws):
                    body = (f"mut_neg_(MUT_ == {i}, {body})" if kind == "neg"
                            else f"(MUT_ == {i} ? ({r}) : ({body}))")
            out.append(body)
            q, k = e, j

    head = ("#include <cstdlib>\n#include <gmpxx.h>\nstatic const long MUT_ = [] {\n"
            "  const char* s = std::getenv(\"RELUCHECK_MUTANT\");\n"
            "  return s ? std::atol(s) : -1L;\n}();\n"
            "template <class T> static T mut_neg_(bool m, const T& x) { return m ? T(-x) : x; }\n"
            # a gmpxx expression: evaluated in its own class (mpq_class for an mpq_t expression)
            "template <class U, class V> static __gmp_expr<U, U> mut_neg_(bool m,\n"
            "    const __gmp_expr<U, V>& x) { return m ? __gmp_expr<U, U>(-x) : __gmp_expr<U, U>(x); }\n")
    return head + emit(0, len(text), order)


def checker_files():
    return sorted(f for f in os.listdir(SRC) if f.endswith((".cpp", ".hpp")))


def mutants():
    result, seen_texts, count = [], set(), {}
    for name in checker_files():
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            text = f.read()
        ms = sorted(file_mutants(name, text), key=lambda m: (m.start, m.end, m.op, m.new))
        for m in ms:
            if (m.file, m.text) in seen_texts or m.original == m.mutated:
                continue
            seen_texts.add((m.file, m.text))
            count[m.key()] = count.get(m.key(), 0) + 1
            m.occurrence = count[m.key()]
            m.index = len(result)
            result.append(m)
    return result


def read_equivalent():
    """mutants_equivalent.txt: 'IDENT -- REASON' lines (IDENT as Mutant.ident()); '#' comments."""
    out = {}
    with open(EQUIVALENT, encoding="utf-8") as f:
        for k, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            ident, sep, reason = line.partition(" -- ")
            if not sep or not reason.strip() or " ==> " not in ident:
                sys.exit(f"{EQUIVALENT}:{k}: expected 'FILE: ORIGINAL ==> MUTATED -- REASON'")
            out[ident] = reason.strip()
    return out


# --- The tests -------------------------------------------------------------------------------


def manifest(path):
    """The lines of a MANIFEST as lists of fields, as tests/checker/CMakeLists.txt reads them."""
    with open(path, encoding="utf-8") as f:
        lines = [l.strip() for l in f]
    return [l.split() for l in lines if l and not l.startswith("#")]


def cases():
    """The single-run tests of tests/checker/CMakeLists.txt: (name, args, expect, regex)."""
    r = lambda *p: os.path.join(ROOT, *p)
    out = []
    for f in manifest(r("certs", "golden", "MANIFEST")):
        out.append((f"golden {f[0]}", [r(f[1]), r("certs", "golden", f[0])], "VERIFIED",
                    "^c verified: " + " ".join(f[2:]) + "$"))
    for f in manifest(r("certs", "bad", "MANIFEST")):
        out.append((f"bad {f[0]}", [r(f[1]), r("certs", "bad", f[0])], f[2], ""))
    claims = r("tests", "checker", "claims")
    for claim, inst, cert, expect, outcome in manifest(os.path.join(claims, "MANIFEST")):
        regex = ("^c claim (holds|violated \\(certified counterexample\\)): "
                 if outcome == "VERIFIED" else "")
        out.append((f"claim {claim} {cert} {expect}",
                     [os.path.join(claims, inst), os.path.join(claims, cert), "--claim",
                      os.path.join(claims, claim), "--expect", expect], outcome, regex))
    with open(os.path.join(TESTS, "CMakeLists.txt"), encoding="utf-8") as f:
        cmake = f.read()
    block = re.search(r"foreach\(spec(.*?)\)\n", cmake, re.S).group(1)
    specs = re.findall(r'"([^"|]+)\|(\d+:\d+)"', block)
    if not specs:
        sys.exit("tests/checker/CMakeLists.txt: no malformed-instance list")
    for file, pos in specs:
        out.append((f"instance {file}", [os.path.join(TESTS, "instances", file),
                                          r("certs", "golden", "tiny1.cert")], "REJECTED",
                    "^c error: .*" + re.escape(file) + ":" + pos + ": "))
    argv = re.search(r"set\(RELUCHECK_ARGV_CASES(.*?)\)\n", cmake, re.S).group(1)
    for spec in re.findall(r'"([^"]+)"', argv):  # relative to the repository root
        name, inst, cert, regex, *extra = spec.split("|")
        out.append((f"argv {name}", [inst, cert] + extra, "REJECTED", regex))
    for file, cert, rule, regex in re.findall(
            r'instances/([^"]+)"\s+"\$\{RELUCHECK_REPO\}/([^"]+)" (R-\S+) "([^"]*)"', cmake):
        out.append((f"instance {file}", [os.path.join(TESTS, "instances", file), r(cert)], rule,
                    regex))
    # A repository instance with a certificate of tests/checker/instances, rejected (the
    # columns record's cases).
    for inst, cert, regex in re.findall(
            r'"\$\{RELUCHECK_REPO\}/([^"]+)"\s+"\$\{RELUCHECK_TESTS\}/instances/([^"]+)"\s+REJECTED'
            r'\s+"([^"]*)"', cmake):
        out.append((f"instance {cert}", [r(inst), os.path.join(TESTS, "instances", cert)],
                    "REJECTED", regex))
    return out


def run_case(binary, case, env=None):
    """None if the case passes (run_check.sh semantics), else why it fails."""
    name, args, expect, regex = case
    try:
        p = subprocess.run([binary] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, timeout=CASE_TIMEOUT, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return "timeout"
    lines = p.stdout.decode("latin-1").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    last = lines[-1] if lines else ""
    if expect == "VERIFIED":
        if p.returncode != 0 or last != "s VERIFIED":
            return f"exit {p.returncode}, last line '{last}'"
    else:
        if p.returncode != 1 or last != "s NOT VERIFIED":
            return f"exit {p.returncode}, last line '{last}'"
        if expect.startswith("R-"):
            want = re.compile(r"^c error: .+:[0-9]+: " + re.escape(expect) + ": ")
            if not any(want.search(l) for l in lines):
                return f"{expect} not reported"
    if regex and not any(re.search(regex, l) for l in lines):
        return f"no line matches '{regex}'"
    return None


def prefixes(binary, work, env=None):
    """prefixes.sh, with one process per run instead of six: no proper prefix of a golden
    certificate (its first l lines, and those plus the first half of line l + 1) is accepted.
    None if every one is rejected, else which was accepted."""
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "prefix.cert")
    for f in manifest(os.path.join(ROOT, "certs", "golden", "MANIFEST")):
        with open(os.path.join(ROOT, "certs", "golden", f[0]), "rb") as fh:
            lines = fh.read().split(b"\n")[:-1]  # as wc -l and sed count them
        for l in range(len(lines)):
            head = b"".join(x + b"\n" for x in lines[:l])
            for which, body in (("prefix", head),
                                ("partial", head + lines[l][:(len(lines[l]) + 1) // 2])):
                with open(path, "wb") as fh:
                    fh.write(body)
                try:
                    p = subprocess.run([binary, os.path.join(ROOT, f[1]), path], env=env,
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, timeout=CASE_TIMEOUT)
                except subprocess.TimeoutExpired:
                    return f"prefixes: timeout on the {which} of {f[0]} at line {l}"
                out = p.stdout.decode("latin-1").rstrip("\n").split("\n")
                if p.returncode != 1 or out[-1] != "s NOT VERIFIED":
                    return f"prefixes: the {which} of {f[0]} at line {l} is accepted"
    return None


def run_scripts(binary, work, env=None):
    """None if usage.sh, equivalent.sh, stress.sh, stdin_quiet.sh and prefixes (as prefixes.sh)
    pass, else which failed."""
    t = lambda f: os.path.join(TESTS, f)
    scripts = [
        ("usage.sh", [binary, os.path.join(ROOT, "examples", "tiny1.relu"),
                      os.path.join(ROOT, "certs", "golden", "tiny1.cert"),
                      os.path.join(work, "usage")]),
        ("equivalent.sh", [binary, ROOT, os.path.join(work, "equivalent")]),
        ("stress.sh", [binary, os.path.join(work, "stress"), STRESS_DEPTH]),
        ("stdin_quiet.sh", [binary, ROOT]),
    ]
    for script, args in scripts:
        try:
            p = subprocess.run(["bash", t(script)] + args, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               timeout=SCRIPT_TIMEOUT, env=env)
        except subprocess.TimeoutExpired:
            return f"{script} timeout"
        if p.returncode != 0:
            return f"{script} failed"
    return prefixes(binary, os.path.join(work, "prefixes"), env)


# --- Building --------------------------------------------------------------------------------


def includes(name, cache={}):
    """The checker headers name includes, transitively."""
    if name not in cache:
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            direct = re.findall(r'^#include "(\w+\.hpp)"', f.read(), re.M)
        cache[name] = set(direct).union(*(includes(h) for h in direct)) if direct else set()
    return cache[name]


def compile_cpp(src, obj, pch, src_dir):
    cmd = ["g++"] + CXXFLAGS + ["-include", pch, "-I", src_dir, "-c", src, "-o", obj]
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode == 0


def link(objs, out):
    return subprocess.run(["g++"] + objs + LIBS + ["-o", out], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE).returncode == 0


class Runner:
    def __init__(self, work):
        self.work = work
        self.base = os.path.join(work, "base")
        os.makedirs(self.base, exist_ok=True)
        self.cpps = [f for f in checker_files() if f.endswith(".cpp")]
        self.cases = cases()
        self.lock = threading.Lock()

    def build_base(self):
        """The precompiled header of every system header the checker includes, and the unmutated
        objects and binary."""
        heads = set()
        for f in checker_files():
            with open(os.path.join(SRC, f), encoding="utf-8") as fh:
                heads.update(re.findall(r"^#include (<[^>]+>)", fh.read(), re.M))
        self.pch = os.path.join(self.base, "system.hpp")
        with open(self.pch, "w", encoding="ascii") as f:
            f.write("".join(f"#include {h}\n" for h in sorted(heads)))
        subprocess.run(["g++"] + CXXFLAGS + ["-x", "c++-header", self.pch, "-o",
                                             self.pch + ".gch"], check=True)

        def one(cpp):
            obj = os.path.join(self.base, cpp[:-4] + ".o")
            if not compile_cpp(os.path.join(SRC, cpp), obj, self.pch, SRC):
                sys.exit(f"cannot compile src/checker/{cpp}")

        with ThreadPoolExecutor(self.jobs) as pool:
            list(pool.map(one, self.cpps))
        self.binary = os.path.join(self.base, "relucheck")
        if not link(self.objects({}), self.binary):
            sys.exit("cannot link relucheck")

    def objects(self, replaced):
        return [replaced.get(c, os.path.join(self.base, c[:-4] + ".o")) for c in self.cpps]

    def build_schemata(self, ms):
        """Compiles each .cpp file once with all its schema mutants (schema_text). Returns
        {mutant index: binary}; a file whose schema does not compile is reported, and its
        mutants are then compiled one by one."""
        by_file = {}
        for m in ms:
            if m.schema and not self.single:
                by_file.setdefault(m.file, []).append(m)
        binaries = {}

        def one(item):
            cpp, fms = item
            d = os.path.join(self.work, "schema-" + cpp[:-4])
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(SRC, cpp), encoding="utf-8") as f:
                text = f.read()
            # All the file's mutants; failing that, those that only change a condition,
            # comparison or loop bound (always bool or integer).
            simple = [m for m in fms if m.schema[0] in ("span", "insert")]
            for attempt in (fms, simple) if len(simple) < len(fms) else (fms,):
                why = self.compile_schema(cpp, text, attempt, d)
                if why is None:
                    break
                print(f"warning: a schema of {len(attempt)} mutants of {cpp} fails ({why})")
            else:
                return
            binary = os.path.join(d, "relucheck")
            # With no mutant active the schema binary must pass what the original passes.
            failing = [c[0] for c in self.cases if run_case(binary, c)]
            if failing:
                sys.exit(f"the schema of {cpp} fails {failing[0]} with no mutant active")
            for m in attempt:
                binaries[m.index] = binary

        with ThreadPoolExecutor(self.jobs) as pool:
            list(pool.map(one, sorted(by_file.items())))
        return binaries

    def compile_schema(self, cpp, text, ms, d):
        """Builds d/relucheck with the schema of ms in cpp; None, or why it failed."""
        try:
            schema = schema_text(text, ms)
        except ValueError as e:
            return str(e)
        src = os.path.join(d, cpp)
        with open(src, "w", encoding="utf-8") as f:
            f.write(schema)
        obj, binary = os.path.join(d, cpp[:-4] + ".o"), os.path.join(d, "relucheck")
        cmd = ["g++"] + CXXFLAGS + ["-include", self.pch, "-I", SRC, "-c", src, "-o", obj]
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            return "does not compile: " + p.stderr[:1000]
        return None if link(self.objects({cpp: obj}), binary) else "does not link"

    def test(self, binary, work, env):
        """None if every test passes, else (the failing test, why)."""
        with self.lock:
            order = list(self.cases)
        for case in order:
            why = run_case(binary, case, env)
            if why:
                with self.lock:  # try the last killer first: the same outcome, sooner
                    self.cases.remove(case)
                    self.cases.insert(0, case)
                return case[0], why
        why = run_scripts(binary, work, env)
        return ("scripts", why) if why else None

    def run(self, m, schema_binary):
        """('stillborn',), ('killed', test, why) or ('survived',)."""
        d = os.path.join(self.work, f"m{m.index}")
        shutil.rmtree(d, ignore_errors=True)  # left by an interrupted run
        os.makedirs(d)
        try:
            if schema_binary:
                env = dict(os.environ, RELUCHECK_MUTANT=str(m.index))
                r = self.test(schema_binary, os.path.join(d, "work"), env)
                return ("killed",) + r if r else ("survived",)
            src_dir = os.path.join(d, "src")
            shutil.copytree(SRC, src_dir)
            with open(os.path.join(src_dir, m.file), "w", encoding="utf-8") as f:
                f.write(m.text)
            affected = [m.file] if m.file.endswith(".cpp") else \
                [c for c in self.cpps if m.file in includes(c)]
            replaced = {}
            for cpp in affected:
                obj = os.path.join(d, cpp[:-4] + ".o")
                if not compile_cpp(os.path.join(src_dir, cpp), obj, self.pch, src_dir):
                    return ("stillborn",)
                replaced[cpp] = obj
            binary = os.path.join(d, "relucheck")
            if not link(self.objects(replaced), binary):
                return ("stillborn",)
            r = self.test(binary, os.path.join(d, "work"), None)
            return ("killed",) + r if r else ("survived",)
        finally:
            shutil.rmtree(d, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2, help="mutants built and tested at once")
    ap.add_argument("--work", help="scratch directory (default: a new temporary directory)")
    ap.add_argument("--list", action="store_true", help="print the mutants and exit")
    ap.add_argument("--only", help="run only the mutants whose printed line contains this text")
    ap.add_argument("--index", help="run only these mutants (comma-separated #numbers of --list)")
    ap.add_argument("--single", action="store_true",
                    help="compile every mutant on its own, without schemata (slower)")
    args = ap.parse_args()
    ms = mutants()
    idents = {m.ident() for m in ms}
    assert len(idents) == len(ms), "mutant identifiers must be unique"
    if args.list:
        for m in ms:
            print(f"#{m.index} {m}")
        print(f"{len(ms)} mutants")
        return 0
    equivalent = read_equivalent()
    for ident in equivalent:
        if ident not in idents:
            print(f"warning: mutants_equivalent.txt lists a mutant that no longer occurs: {ident}")
    if args.only:
        ms = [m for m in ms if args.only in str(m)]
    if args.index:
        keep = {int(k) for k in args.index.split(",")}
        ms = [m for m in ms if m.index in keep]
    work = args.work or tempfile.mkdtemp(prefix="relucheck-mutants.")
    os.makedirs(work, exist_ok=True)
    t0 = time.time()
    runner = Runner(work)
    runner.jobs, runner.single = args.jobs, args.single
    runner.build_base()
    failing = [c[0] for c in runner.cases if run_case(runner.binary, c)]
    if failing or run_scripts(runner.binary, os.path.join(work, "base-work")):
        print("the unmutated checker fails its tests:", ", ".join(failing) or "scripts")
        return 2
    schema = runner.build_schemata(ms)
    print(f"{len(ms)} mutants ({len(schema)} in schemata), {len(runner.cases)} cases and 4 "
          f"scripts each; baseline and schemata built and passing in {time.time() - t0:.0f} s",
          flush=True)
    results = [None] * len(ms)
    done = [0]

    def one(k):
        results[k] = runner.run(ms[k], schema.get(ms[k].index))
        r = results[k]
        status = {"stillborn": "stillborn", "survived": "SURVIVED"}.get(r[0])
        if r[0] == "survived" and ms[k].ident() in equivalent:
            status = "equivalent"
        with runner.lock:
            done[0] += 1
            print(f"[{done[0]}/{len(ms)}] #{ms[k].index} {ms[k]}: "
                  + (status or f"killed by {r[1]} ({r[2]})"), flush=True)

    with ThreadPoolExecutor(args.jobs) as pool:
        list(pool.map(one, range(len(ms))))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    stillborn = sum(r[0] == "stillborn" for r in results)
    killed = sum(r[0] == "killed" for r in results)
    surv = [m for m, r in zip(ms, results) if r[0] == "survived"]
    equiv = [m for m in surv if m.ident() in equivalent]
    unlisted = [m for m in surv if m.ident() not in equivalent]
    for m, r in zip(ms, results):
        if r[0] == "killed" and m.ident() in equivalent:
            print(f"warning: listed as equivalent but killed by {r[1]}: {m.ident()}")
    print(f"\n{len(ms)} mutants: {stillborn} stillborn, {killed} killed, {len(equiv)} equivalent, "
          f"{len(unlisted)} survivors ({time.time() - t0:.0f} s)")
    for m in unlisted:
        print(f"survivor: {m}\n  listed as: {m.ident()}")
    return 1 if unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
