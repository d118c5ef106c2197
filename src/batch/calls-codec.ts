/**
 * How a batch's `calls` cross the engine (calls-text.ts: one canonical line per call, SIP passwords
 * in the secret `callSecrets`), and where a call's secrets sit (password-paths.ts): the two
 * behaviours the `calls` entry of the field table points at.
 */
import type { EngineCodec, NestedSecrets } from "../fields/spec";
import { CALLS_FILE_SECRET_KEYS } from "./calls-file-keys";
import { CALL_COUNT_KEY, CALL_SECRETS_KEY, decodeCalls, encodeCalls } from "./calls-text";
import { isPasswordPath, passwordValues } from "./password-paths";

/** `calls` as canonical JSON Lines with passwords in a secret list. */
export const callsAsLines: EngineCodec = {
  extraKeys: [CALL_SECRETS_KEY, CALL_COUNT_KEY],
  countKey: CALL_COUNT_KEY,
  // A file batch's fingerprints and their key (resource/calls-file-lifecycle.ts) are kept secret too.
  secretKeys: [CALL_SECRETS_KEY, ...CALLS_FILE_SECRET_KEYS],
  descriptions: {
    [CALL_SECRETS_KEY]: "The SIP passwords the `$secret:<n>` placeholders in `calls` refer to.",
    [CALL_COUNT_KEY]:
      "The number of calls, in plain text: what previews and the plan tool show while `calls` is secret.",
  },
  encode(value) {
    if (typeof value === "string") return undefined;
    if (!Array.isArray(value)) return { calls: value };
    const { text, secrets } = encodeCalls(value);
    return {
      calls: text,
      [CALL_SECRETS_KEY]: secrets.length > 0 ? secrets : undefined,
      [CALL_COUNT_KEY]: value.length,
    };
  },
  decode(props) {
    const value = props.calls;
    if (typeof value !== "string") return { value, failures: [] }; // the program form, or not a list at all
    const { calls, failures } = decodeCalls(value, props[CALL_SECRETS_KEY]);
    return { value: calls, failures };
  },
};

/** A call list's SIP passwords. */
export const callPasswords: NestedSecrets = {
  isSecretPath: ([index, ...rest]) => {
    const position = typeof index === "string" && /^\d+$/.test(index) ? Number(index) : index;
    return isPasswordPath(["calls", position as PropertyKey, ...rest]);
  },
  values: (calls) => (Array.isArray(calls) ? calls.flatMap(passwordValues) : []),
};
