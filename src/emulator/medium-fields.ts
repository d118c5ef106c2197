// The fields inside each call medium and their types (ultravox.v1.CallMedium_* in the API description).
// The service parses `medium` as a protobuf message from JSON, which refuses unknown fields and values
// of the wrong type, so the emulator does too instead of storing whatever arrives.
import { isPlainObject } from "./json";

/** A leaf type, an enum (the list of its values), or a nested message (its fields). */
type Field = "string" | "boolean" | "int32" | "duration" | "json-object" | readonly string[] | Message;
interface Message {
  readonly [name: string]: Field;
}

const DATA_MESSAGE_FLAGS = [
  "pong",
  "state",
  "transcript",
  "clientToolInvocation",
  "dataConnectionToolInvocation",
  "playbackClearBuffer",
  "callStarted",
  "debug",
  "callEvent",
  "toolUsed",
  "userStartedSpeaking",
  "userStoppedSpeaking",
  "invokingTool",
];
const DATA_MESSAGES: Message = Object.fromEntries(DATA_MESSAGE_FLAGS.map((flag) => [flag, "boolean"]));
const URGENCIES = ["URGENCY_UNSPECIFIED", "URGENCY_IMMEDIATE", "URGENCY_SOON", "URGENCY_LATER"];
const DTMF_HANDLING: Message = { ignore: "boolean", userTextMessage: { text: "string", urgency: URGENCIES } };
const PHONE_OUTGOING: Message = { to: "string", from: "string", additionalParams: "json-object" };
const PHONE_MEDIUM: Message = { outgoing: PHONE_OUTGOING, dtmfHandling: DTMF_HANDLING };

export const MEDIUM_FIELDS: Readonly<Record<string, Message>> = {
  webRtc: { dataMessages: DATA_MESSAGES },
  twilio: PHONE_MEDIUM,
  telnyx: PHONE_MEDIUM,
  plivo: PHONE_MEDIUM,
  serverWebSocket: {
    inputSampleRate: "int32",
    outputSampleRate: "int32",
    clientBufferSizeMs: "int32",
    dataMessages: DATA_MESSAGES,
    mediaIdleTimeout: "duration",
  },
  exotel: { dtmfHandling: DTMF_HANDLING },
  sip: { incoming: {}, outgoing: { to: "string", from: "string", username: "string", password: "string" } },
};

const DURATION = /^-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$/;
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

function leafProblem(field: Exclude<Field, Message | readonly string[]>, value: unknown): string | null {
  switch (field) {
    case "string":
      return typeof value === "string" ? null : "Expected a string.";
    case "boolean":
      return typeof value === "boolean" ? null : "Expected a boolean.";
    case "int32":
      return Number.isInteger(value) && (value as number) >= INT32.min && (value as number) <= INT32.max
        ? null
        : "Expected a 32-bit integer.";
    case "duration":
      return typeof value === "string" && DURATION.test(value) ? null : 'Expected a duration such as "30s".';
    case "json-object":
      return isPlainObject(value) ? null : "Expected an object.";
  }
}

/** Messages (`path: problem`) for `value` against a message's fields; null fields count as unset. */
export function messageFieldErrors(value: Record<string, unknown>, fields: Message, path: string): string[] {
  const errors: string[] = [];
  for (const [name, item] of Object.entries(value)) {
    const at = `${path}.${name}`;
    const field = fields[name];
    if (field === undefined) errors.push(`${at}: Unknown field.`);
    else if (item === null) continue;
    else if (Array.isArray(field)) {
      if (!field.includes(item as string)) errors.push(`${at}: Expected one of ${field.join(", ")}.`);
    } else if (typeof field === "string") {
      const problem = leafProblem(field, item);
      if (problem !== null) errors.push(`${at}: ${problem}`);
    } else if (!isPlainObject(item)) errors.push(`${at}: Expected an object.`);
    else errors.push(...messageFieldErrors(item, field as Message, at));
  }
  return errors;
}
