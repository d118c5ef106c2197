/**
 * The test's own judgement of whether the service holds what a program declares, read straight
 * from the emulator (no latitude, no provider code): the fields where the batch differs from the
 * program, compared by the field table's meaning (defaults, instants, values the server chooses or
 * fills in), and the calls as a multiset of their matched fields (the provider's create token aside).
 */
import { PROVIDER_METADATA_PREFIX } from "../../src/batch/create-token";
import {
  BODY_FIELDS,
  DEFAULTS,
  INSTANTS,
  MATCHED_CALL_FIELDS,
  SERVER_CHOSEN,
  SERVER_MAY_FILL,
} from "./field-table";
import type { Program } from "./generators";
import type { World } from "./world";

type Json = Record<string, unknown>;

/** A value with object keys sorted, nulls dropped, as text: equal data gives equal text. */
export function stable(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== "object") return v;
    const out: Json = {};
    for (const key of Object.keys(v).sort()) {
      const item = (v as Json)[key];
      if (item !== null && item !== undefined) out[key] = sorted(item);
    }
    return out;
  };
  return JSON.stringify(sorted(value)) ?? "undefined";
}

/** One call as the oracle compares it: its matched fields, the provider's metadata keys left out. */
function callKey(call: Json, withPasswords: boolean): string {
  const picked: Json = {};
  for (const field of MATCHED_CALL_FIELDS) {
    let value = call[field];
    if (field === "metadata" && value !== null && typeof value === "object") {
      value = Object.fromEntries(
        Object.entries(value).filter(([key]) => !key.startsWith(PROVIDER_METADATA_PREFIX)),
      );
      if (Object.keys(value as Json).length === 0) value = undefined;
    }
    if (field === "medium" && !withPasswords) value = withoutSipPassword(value);
    picked[field] = value;
  }
  return stable(picked);
}

function withoutSipPassword(medium: unknown): unknown {
  const sip = (medium as { sip?: { outgoing?: Json } } | undefined)?.sip;
  if (sip?.outgoing === undefined) return medium;
  const { password: _password, ...outgoing } = sip.outgoing;
  return { ...(medium as Json), sip: { ...sip, outgoing } };
}

/** The same calls, in any order. */
export function sameCalls(program: readonly Json[], stored: readonly Json[], withPasswords = true): boolean {
  const a = program.map((c) => callKey(c, withPasswords)).sort();
  const b = stored.map((c) => callKey(c, withPasswords)).sort();
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

export interface Expectation {
  /** The service may have filled in window ends the program leaves out (the latitude's fillWindow). */
  mayFill: boolean;
  /** The program was printed by `pulumi import`: its calls carry no SIP password (the service's stand). */
  callsWithoutPasswords?: boolean;
}

/** The fields where the batch the service holds differs from the program (empty: it converged). */
export async function differingFields(
  world: World,
  prog: Program,
  batchId: string,
  expect: Expectation,
): Promise<string[]> {
  const { status, json: live } = await world.admin.batch(prog.agentId, batchId);
  if (status !== 200) return [`the batch (GET answered ${status})`];
  const differing: string[] = [];
  for (const field of BODY_FIELDS) {
    if (field === "calls") {
      const stored = (await world.admin.storedCalls(prog.agentId, batchId)) as Json[];
      if (!sameCalls(prog.calls, stored, !expect.callsWithoutPasswords)) differing.push(field);
      continue;
    }
    const declared = prog[field];
    // `null` or `""` reads as not set (docs/field-semantics.md: refresh reads them so).
    const held = live[field] === "" || live[field] === null ? undefined : live[field];
    // What the program never set and the server chose (or filled in) is the server's to keep.
    if (declared === undefined && SERVER_CHOSEN.includes(field)) continue;
    if (declared === undefined && SERVER_MAY_FILL.includes(field) && expect.mayFill) continue;
    if (!sameFieldValue(field, declared ?? DEFAULTS[field], held ?? DEFAULTS[field])) differing.push(field);
  }
  return differing;
}

/** Equal values of a field: instants whatever their offset, anything else as data (nulls as absent). */
export function sameFieldValue(field: string, a: unknown, b: unknown): boolean {
  if (INSTANTS.includes(field) && typeof a === "string" && typeof b === "string") {
    return Date.parse(a) === Date.parse(b);
  }
  return stable(a) === stable(b);
}
