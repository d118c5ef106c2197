/**
 * Where a call template holds secrets, and how it crosses the engine without them: each secret
 * string (a shared secret that signs outbound requests, a tool's auth token) is replaced by a
 * `"$secret:<n>"` placeholder and travels in the secret `callTemplateSecrets` beside it. So state
 * keeps every secret secret whether or not the program wrapped it in `pulumi.secret`, and the rest
 * of the template stays reviewable in a diff (the way a batch keeps SIP passwords out of `calls`).
 */
import type { EngineCodec, NestedSecrets } from "../fields/spec";
import { isPlainObject } from "../json/plain-object";

export const TEMPLATE_SECRETS_KEY = "callTemplateSecrets";

const PLACEHOLDER = /^\$secret:(0|[1-9][0-9]*)$/;

type Template = Record<string, unknown>;

/** True for a path inside a template (`sharedSecrets[0]`, `selectedTools[1].authTokens.x`) at or below a secret. */
export function isTemplateSecretPath(path: readonly PropertyKey[]): boolean {
  const [field, index, key] = path;
  if (field === "sharedSecrets") return true;
  return field === "selectedTools" && index !== undefined && key === "authTokens";
}

/** A copy of the template with each secret string given to `swap` (in a fixed order); nothing else visited. */
function mapSecrets(template: Template, swap: (value: string) => unknown): Template {
  const out: Template = { ...template };
  if (Array.isArray(template.sharedSecrets)) {
    out.sharedSecrets = template.sharedSecrets.map((value) =>
      typeof value === "string" ? swap(value) : value,
    );
  }
  if (Array.isArray(template.selectedTools)) {
    out.selectedTools = template.selectedTools.map((tool) => {
      if (!isPlainObject(tool) || !isPlainObject(tool.authTokens)) return tool;
      const tokens = Object.entries(tool.authTokens).map(([name, value]) => [
        name,
        typeof value === "string" ? swap(value) : value,
      ]);
      return { ...tool, authTokens: Object.fromEntries(tokens) };
    });
  }
  return out;
}

/** The secret strings inside a template. */
export function templateSecretValues(template: unknown): string[] {
  const values: string[] = [];
  if (isPlainObject(template))
    mapSecrets(template, (value) => {
      values.push(value);
      return value;
    });
  return values;
}

/** The template with its secrets as placeholders, and the secrets in placeholder order. */
export function templateApart(template: Template): { template: Template; secrets: string[] } {
  const secrets: string[] = [];
  const apart = mapSecrets(template, (value) => {
    secrets.push(value);
    return `$secret:${secrets.length - 1}`;
  });
  return { template: apart, secrets };
}

/** `callTemplate` with its secrets in the secret `callTemplateSecrets`. */
export const templateSecretsApart: EngineCodec = {
  extraKeys: [TEMPLATE_SECRETS_KEY],
  secretKeys: [TEMPLATE_SECRETS_KEY],
  keepsShape: true,
  descriptions: {
    [TEMPLATE_SECRETS_KEY]:
      "The shared secrets and tool auth tokens the `$secret:<n>` placeholders in `callTemplate` refer to.",
  },
  encode(value) {
    if (!isPlainObject(value)) return { callTemplate: value };
    // Already in engine form: its secret slots hold placeholders.
    if (templateSecretValues(value).some((secret) => PLACEHOLDER.test(secret))) return undefined;
    const { template, secrets } = templateApart(value);
    return { callTemplate: template, [TEMPLATE_SECRETS_KEY]: secrets.length > 0 ? secrets : undefined };
  },
  decode(props) {
    const value = props.callTemplate;
    if (!isPlainObject(value)) return { value, failures: [] };
    const secrets = Array.isArray(props[TEMPLATE_SECRETS_KEY])
      ? (props[TEMPLATE_SECRETS_KEY] as unknown[])
      : [];
    let missing = false;
    const whole = mapSecrets(value, (slot) => {
      const match = PLACEHOLDER.exec(slot);
      if (match === null) return slot; // the program form (or state written before secrets moved apart)
      const secret = secrets[Number(match[1])];
      if (typeof secret !== "string") missing = true;
      return secret;
    });
    const failures = missing
      ? [
          {
            property: "callTemplate",
            reason: `a "$secret:<n>" placeholder has no value in ${TEMPLATE_SECRETS_KEY}`,
          },
        ]
      : [];
    return { value: whole, failures };
  },
};

/** The template's secrets: never shown in a check failure or an error. */
export const templateSecrets: NestedSecrets = {
  isSecretPath: isTemplateSecretPath,
  values: templateSecretValues,
};
