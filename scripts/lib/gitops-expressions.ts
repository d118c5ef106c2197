/**
 * The part of GitHub Actions' expression language (`${{ … }}`) the GitOps workflow uses, so that
 * the rehearsal evaluates the workflow's own `env:`, `environment:` and `if:` instead of the test
 * restating them: string literals, context references (`secrets.X`, `env.X`,
 * `needs.<job>.outputs.<name>`, `github.event_name`), `==`, `!=`, `&&`, `||` and `!`, with
 * GitHub's precedence and its value-returning `&&`/`||`. A reference the rehearsal does not
 * provide is an error, never a silent empty string.
 */

export type Contexts = Record<string, string | undefined>;

type Token =
  | { kind: "string"; value: string }
  | { kind: "ref"; value: string }
  | { kind: "op"; value: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:'((?:[^']|'')*)'|(==|!=|&&|\|\||!)|([A-Za-z_][\w.-]*))/y;
  let at = 0;
  while (at < expression.length) {
    if (expression.slice(at).trim() === "") break;
    pattern.lastIndex = at;
    const match = pattern.exec(expression);
    if (!match) throw new Error(`cannot read the expression \`${expression}\` at "${expression.slice(at)}"`);
    if (match[1] !== undefined) tokens.push({ kind: "string", value: match[1].replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: "op", value: match[2] });
    else tokens.push({ kind: "ref", value: match[3]! });
    at = pattern.lastIndex;
  }
  return tokens;
}

/** Evaluates one expression (the text between `${{` and `}}`). */
export function evaluate(expression: string, contexts: Contexts): string | boolean {
  const tokens = tokenize(expression);
  let index = 0;
  const peek = () => tokens[index];
  const truthy = (value: string | boolean) => value !== "" && value !== false;

  const primary = (): string | boolean => {
    const token = tokens[index++];
    if (!token) throw new Error(`the expression \`${expression}\` ends too early`);
    if (token.kind === "string") return token.value;
    if (token.kind === "op" && token.value === "!") return !truthy(primary());
    if (token.kind === "ref") {
      if (!(token.value in contexts)) {
        throw new Error(`the rehearsal provides no \`${token.value}\` (in \`${expression}\`)`);
      }
      return contexts[token.value] ?? "";
    }
    throw new Error(`unexpected ${token.value} in \`${expression}\``);
  };
  const comparison = (): string | boolean => {
    let left = primary();
    while (peek()?.kind === "op" && (peek()!.value === "==" || peek()!.value === "!=")) {
      const op = tokens[index++]!.value;
      const right = primary();
      left = op === "==" ? String(left) === String(right) : String(left) !== String(right);
    }
    return left;
  };
  const and = (): string | boolean => {
    let left = comparison();
    while (peek()?.kind === "op" && peek()!.value === "&&") {
      index++;
      const right = comparison();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const or = (): string | boolean => {
    let left = and();
    while (peek()?.kind === "op" && peek()!.value === "||") {
      index++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const value = or();
  if (index !== tokens.length) throw new Error(`cannot read the rest of \`${expression}\``);
  return value;
}

/** A value with its `${{ … }}` parts evaluated (booleans as GitHub prints them). */
export function interpolate(text: string, contexts: Contexts): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => String(evaluate(expression, contexts)));
}

/** An `if:` condition: with or without `${{ }}`, as GitHub accepts both. */
export function condition(text: string, contexts: Contexts): boolean {
  const inner = text.trim().match(/^\$\{\{(.*)\}\}$/)?.[1] ?? text;
  const value = evaluate(inner, contexts);
  return value !== "" && value !== false;
}
