/**
 * Scrubbing secrets (the API key, webhook secrets, SIP passwords) out of every message and error
 * field. A secret can come back from the service in several spellings, so each is replaced in all of
 * them: as is, JSON-escaped (quotes, backslashes, control characters; also with `\uXXXX` in either
 * case for non-ASCII and control characters, and `\/` for slashes, as some encoders write),
 * URL-encoded, and with its whitespace collapsed (as a one-line message or an HTML page shows it).
 * Scrubbing happens before any shortening, so a secret cut in half by a length limit never shows its
 * first characters.
 */
import { isPlainObject } from "../json/plain-object";

const REDACTED = "[secret]";
const MAX_IN_MESSAGE = 500;

const collapse = (text: string): string => text.replace(/\s+/g, " ");

function jsonEscaped(secret: string): string {
  return JSON.stringify(secret).slice(1, -1);
}

function uEscape(char: string, upper: boolean): string {
  const hex = char.charCodeAt(0).toString(16).padStart(4, "0");
  return `\\u${upper ? hex.toUpperCase() : hex}`;
}

/**
 * `\uXXXX` escapes as other encoders write them: for non-ASCII (Python's default), for every control
 * character rather than `\t` or `\n`, or both; lower- or upper-case hex.
 */
function uEscapedForms(secret: string): string[] {
  const forms: string[] = [];
  for (const upper of [false, true]) {
    for (const [controls, nonAscii] of [
      [false, true],
      [true, false],
      [true, true],
    ]) {
      const escaped = controls
        ? secret
            .split("")
            .map((char) => (char === '"' || char === "\\" ? `\\${char}` : char))
            .join("")
        : jsonEscaped(secret);
      forms.push(
        escaped.replace(/[^\x20-\x7e]/g, (char) =>
          (char.charCodeAt(0) < 0x20 || char === "\x7f" ? controls : nonAscii) ? uEscape(char, upper) : char,
        ),
      );
    }
  }
  return forms;
}

/** As a URL or form body carries it (`%20` or `+` for a space). */
function urlEncodedForms(secret: string): string[] {
  try {
    const encoded = encodeURIComponent(secret);
    return [encoded, encoded.replace(/%20/g, "+")];
  } catch {
    return []; // a lone surrogate has no URL encoding
  }
}

/** Every spelling of one secret worth scrubbing. */
function secretForms(secret: string): string[] {
  const base = [secret, jsonEscaped(secret), ...uEscapedForms(secret)];
  base.push(...base.map((form) => form.replace(/\//g, "\\/")));
  base.push(...urlEncodedForms(secret));
  const forms = new Set<string>();
  for (const form of base) {
    forms.add(form);
    forms.add(collapse(form));
    forms.add(collapse(form).trim());
  }
  // A derived spelling that is tiny (a secret of mostly whitespace) would wreck every message.
  return [...forms].filter((form) => form === secret || form.trim().length >= 3);
}

export class Redactor {
  /** Longest first, so a secret containing another is replaced whole. */
  private readonly forms: string[];

  constructor(secrets: readonly (string | undefined)[]) {
    const all = new Set<string>();
    for (const secret of secrets) {
      if (typeof secret === "string" && secret !== "") for (const form of secretForms(secret)) all.add(form);
    }
    this.forms = [...all].sort((a, b) => b.length - a.length);
  }

  /** Replace every spelling of every secret; whitespace is kept as it is. */
  scrub(text: string): string {
    let out = text;
    for (const form of this.forms) out = out.split(form).join(REDACTED);
    return out;
  }

  /** One line for a message: scrubbed, whitespace collapsed, scrubbed again, then shortened. */
  line(text: string, maxLength = MAX_IN_MESSAGE): string {
    const oneLine = this.scrub(collapse(this.scrub(text))).trim();
    return oneLine.length > maxLength ? `${oneLine.slice(0, maxLength)}...` : oneLine;
  }

  /** A JSON-like value with every string scrubbed, object keys included. */
  deep(value: unknown): unknown {
    if (typeof value === "string") return this.scrub(value);
    if (Array.isArray(value)) return value.map((item) => this.deep(item));
    if (isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, child]) => [this.scrub(key), this.deep(child)]),
      );
    }
    return value;
  }
}
