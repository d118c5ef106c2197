/** Valid inputs to start from, and the property paths of a check's failures. */
import { batch } from "../../../src/batch/definition";
import { checkArgs } from "../../../src/fields/check";
import { AGENT, CALLER, PHONE } from "../../fixtures";

/** A valid batch of one outgoing twilio call (so no webhook), with `overrides` merged on top. */
export function outgoing(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agentId: AGENT,
    calls: [{ medium: { twilio: { outgoing: { to: PHONE, from: CALLER } } } }],
    ...overrides,
  };
}

/** A valid batch of one webRtc call (so a webhook is required), with `overrides` merged on top. */
export function webhook(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agentId: AGENT,
    calls: [{ medium: { webRtc: {} } }],
    webhookUrl: "https://example.com/hook",
    ...overrides,
  };
}

export function withMedium(medium: unknown): Record<string, unknown> {
  return webhook({ calls: [{ medium }] });
}

export function properties(raw: Record<string, unknown>): string[] {
  return checkArgs(batch, raw).failures.map((f) => f.property);
}
