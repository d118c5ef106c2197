/** Keys whose string values are secrets wherever they appear in batch inputs or outputs. */
const SECRET_KEYS = new Set(["webhookSecret", "password", "callSecrets"]);

/** Every secret string inside a value, so messages can scrub them. */
export function secretsIn(value: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown, key?: string): void => {
    if (typeof node === "string") {
      if (key !== undefined && SECRET_KEYS.has(key) && node.length > 0) found.push(node);
    } else if (Array.isArray(node)) {
      for (const item of node) visit(item, key); // a secret key's list (callSecrets) holds secrets
    } else if (node !== null && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) visit(v, k);
    }
  };
  visit(value);
  return found;
}
