/**
 * The OData v3 `$filter` subset that contract-based REST (CV4) accepts:
 * eq ne gt ge lt le, and or not, parentheses, substringof / startswith / endswith,
 * string, number (optional M/L/D suffix), boolean, null, datetimeoffset'…', datetime'…', guid'…'.
 */
export type FilterLiteral = string | number | boolean | null | { date: number };

export type FilterNode =
  | { type: "field"; path: string[] }
  | { type: "literal"; value: FilterLiteral }
  | { type: "compare"; op: "eq" | "ne" | "gt" | "ge" | "lt" | "le"; left: FilterNode; right: FilterNode }
  | { type: "logical"; op: "and" | "or"; left: FilterNode; right: FilterNode }
  | { type: "not"; operand: FilterNode }
  | { type: "call"; name: "substringof" | "startswith" | "endswith"; args: FilterNode[] };

export class FilterSyntaxError extends Error {}

type Token =
  | { kind: "ident"; text: string }
  | { kind: "literal"; value: FilterLiteral }
  | { kind: "punct"; text: "(" | ")" | "," };

const COMPARE_OPS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);
const FUNCTIONS = new Set(["substringof", "startswith", "endswith"]);

function readQuoted(src: string, start: number): { text: string; end: number } {
  let i = start + 1;
  let text = "";
  for (;;) {
    if (i >= src.length) throw new FilterSyntaxError("Unterminated string literal in $filter");
    const ch = src[i];
    if (ch === "'") {
      if (src[i + 1] === "'") {
        text += "'";
        i += 2;
        continue;
      }
      return { text, end: i + 1 };
    }
    text += ch;
    i++;
  }
}

function parseDate(text: string): { date: number } {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new FilterSyntaxError(`Invalid date-time literal '${text}'`);
  return { date: ms };
}

export function tokenizeFilter(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] ?? "";
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === ",") {
      tokens.push({ kind: "punct", text: ch });
      i++;
      continue;
    }
    if (ch === "'") {
      const q = readQuoted(src, i);
      tokens.push({ kind: "literal", value: q.text });
      i = q.end;
      continue;
    }
    const num = /^-?\d+(\.\d+)?([mMlLdDfF])?/.exec(src.slice(i));
    if (num && (ch === "-" || /\d/.test(ch))) {
      tokens.push({ kind: "literal", value: Number(num[0].replace(/[mMlLdDfF]$/, "")) });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_./]*/.exec(src.slice(i));
    if (!word) throw new FilterSyntaxError(`Unexpected character '${ch}' in $filter`);
    const text = word[0];
    i += text.length;
    const lower = text.toLowerCase();
    if ((lower === "datetimeoffset" || lower === "datetime" || lower === "guid") && src[i] === "'") {
      const q = readQuoted(src, i);
      i = q.end;
      tokens.push({ kind: "literal", value: lower === "guid" ? q.text.toLowerCase() : parseDate(q.text) });
      continue;
    }
    if (lower === "true" || lower === "false") tokens.push({ kind: "literal", value: lower === "true" });
    else if (lower === "null") tokens.push({ kind: "literal", value: null });
    else tokens.push({ kind: "ident", text });
  }
  return tokens;
}

/** Parses a `$filter` expression; throws FilterSyntaxError on anything outside the subset. */
export function parseFilter(src: string): FilterNode {
  const tokens = tokenizeFilter(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, w: string) => t?.kind === "ident" && t.text.toLowerCase() === w;
  const expect = (text: string) => {
    const t = tokens[pos++];
    if (t?.kind !== "punct" || t.text !== text) throw new FilterSyntaxError(`Expected '${text}' in $filter`);
  };

  function parseOr(): FilterNode {
    let left = parseAnd();
    while (isWord(peek(), "or")) {
      pos++;
      left = { type: "logical", op: "or", left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): FilterNode {
    let left = parseUnary();
    while (isWord(peek(), "and")) {
      pos++;
      left = { type: "logical", op: "and", left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): FilterNode {
    if (isWord(peek(), "not")) {
      pos++;
      return { type: "not", operand: parseUnary() };
    }
    return parseComparison();
  }
  function parseComparison(): FilterNode {
    const left = parsePrimary();
    const t = peek();
    if (t?.kind === "ident" && COMPARE_OPS.has(t.text.toLowerCase())) {
      pos++;
      const op = t.text.toLowerCase() as "eq" | "ne" | "gt" | "ge" | "lt" | "le";
      return { type: "compare", op, left, right: parsePrimary() };
    }
    return left;
  }
  function parsePrimary(): FilterNode {
    const t = tokens[pos++];
    if (!t) throw new FilterSyntaxError("Unexpected end of $filter");
    if (t.kind === "punct") {
      if (t.text !== "(") throw new FilterSyntaxError(`Unexpected '${t.text}' in $filter`);
      const inner = parseOr();
      expect(")");
      return inner;
    }
    if (t.kind === "literal") return { type: "literal", value: t.value };
    const lower = t.text.toLowerCase();
    const next = peek();
    if (next?.kind === "punct" && next.text === "(") {
      if (!FUNCTIONS.has(lower)) throw new FilterSyntaxError(`Unsupported function '${t.text}' in $filter`);
      pos++;
      const args = [parseOr()];
      while (peek()?.kind === "punct" && (peek() as { text: string }).text === ",") {
        pos++;
        args.push(parseOr());
      }
      expect(")");
      if (args.length !== 2) throw new FilterSyntaxError(`${t.text} takes two arguments`);
      return { type: "call", name: lower as "substringof" | "startswith" | "endswith", args };
    }
    return { type: "field", path: t.text.split("/") };
  }

  const node = parseOr();
  if (pos !== tokens.length) throw new FilterSyntaxError("Unexpected trailing tokens in $filter");
  return node;
}

/** Every field path the filter reads (to validate names against the contract). */
export function listFilterFields(node: FilterNode): string[][] {
  switch (node.type) {
    case "field":
      return [node.path];
    case "literal":
      return [];
    case "compare":
    case "logical":
      return [...listFilterFields(node.left), ...listFilterFields(node.right)];
    case "not":
      return listFilterFields(node.operand);
    case "call":
      return node.args.flatMap(listFilterFields);
  }
}

type Value = string | number | boolean | null | { date: number };

function toComparable(v: Value, other: Value): string | number | boolean | null {
  if (v !== null && typeof v === "object") return v.date;
  if (other !== null && typeof other === "object" && typeof v === "string") {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? v : ms;
  }
  if (typeof v === "string") return v.toLowerCase();
  return v;
}

function compare(op: string, a: Value, b: Value): boolean {
  const x = toComparable(a, b);
  const y = toComparable(b, a);
  if (op === "eq") return x === y || (x === null && y === "") || (x === "" && y === null);
  if (op === "ne") return !compare("eq", a, b);
  if (x === null || y === null) return false;
  if (op === "gt") return x > y;
  if (op === "ge") return x >= y;
  if (op === "lt") return x < y;
  return x <= y;
}

/** Evaluates a parsed filter against a record; `read` resolves a field path to its raw value. */
export function evaluateFilter(node: FilterNode, read: (path: string[]) => unknown): boolean {
  const value = (n: FilterNode): Value => {
    if (n.type === "literal") return n.value;
    if (n.type === "field") {
      const v = read(n.path);
      if (v === undefined || v === null) return null;
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
      return String(v);
    }
    return evaluateFilter(n, read);
  };
  switch (node.type) {
    case "logical":
      return node.op === "and"
        ? evaluateFilter(node.left, read) && evaluateFilter(node.right, read)
        : evaluateFilter(node.left, read) || evaluateFilter(node.right, read);
    case "not":
      return !evaluateFilter(node.operand, read);
    case "compare":
      return compare(node.op, value(node.left), value(node.right));
    case "call": {
      const [a, b] = node.args.map((n) => String(value(n) ?? "").toLowerCase());
      if (a === undefined || b === undefined) return false;
      if (node.name === "substringof") return b.includes(a);
      if (node.name === "startswith") return a.startsWith(b);
      return a.endsWith(b);
    }
    case "field":
      return value(node) === true;
    case "literal":
      return node.value === true;
  }
}

/**
 * A filter that is only `Field eq 'a' or Field eq 'b' or …` on one field with non-empty string literals: the field and
 * the lower-cased values (string equality compares lower-cased, as `compare` does), so a long key list is matched by
 * a set look-up per record instead of walking the whole chain. Null when the filter has any other shape.
 */
export function equalityAlternatives(node: FilterNode): { path: string[]; values: Set<string> } | null {
  const values = new Set<string>();
  let path: string[] | null = null;
  const stack: FilterNode[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === "logical" && n.op === "or") {
      stack.push(n.left, n.right);
      continue;
    }
    if (n.type !== "compare" || n.op !== "eq") return null;
    const [field, literal] = n.left.type === "field" ? [n.left, n.right] : [n.right, n.left];
    if (field.type !== "field" || literal.type !== "literal" || typeof literal.value !== "string" || literal.value === "") return null;
    if (path && path.join("/") !== field.path.join("/")) return null;
    path = field.path;
    values.add(literal.value.toLowerCase());
  }
  return path ? { path, values } : null;
}
