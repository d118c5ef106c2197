/**
 * Changes that may make batches dial faster: a call throttle deleted, replaced or loosened, and a
 * batch whose `throttle` is removed or moved to a throttle that is not provably as slow. Faster
 * dialling is not a re-dial, but it changes who is called when (a campaign sized for 10 calls a
 * minute may reach everyone in an hour), so it needs the same approval.
 */
import type { BatchChange } from "./batch-changes";
import type { PreviewJson, PreviewStep } from "./preview-json";

export const THROTTLE_TYPES = new Set([
  "pulumi-nodejs:dynamic/ultravox:CallThrottle",
  "ultravox:index:CallThrottle",
]);

interface Rule {
  maxCalls: number;
  windowSeconds: number;
}

export interface ThrottleChange {
  /** The resource name in the program. */
  name: string;
  /** Why batches under it may dial faster. */
  faster: string;
}

const stepType = (step: PreviewStep) => step.newState?.type ?? step.oldState?.type ?? "";

function rulesOf(value: unknown): Rule[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const rules = value.filter(
    (rule): rule is Rule =>
      typeof rule === "object" &&
      rule !== null &&
      typeof (rule as Rule).maxCalls === "number" &&
      typeof (rule as Rule).windowSeconds === "number",
  );
  return rules.length === value.length ? rules : undefined;
}

/**
 * True when `after` never allows more calls than `before` does: every old limit is kept by a new
 * rule at most as many calls over at least as long a window (any window of the old length lies
 * inside one of the new length, so it holds at most the new count of calls).
 */
export function atLeastAsSlow(before: Rule[], after: Rule[]): boolean {
  return before.every((old) =>
    after.some((rule) => rule.maxCalls <= old.maxCalls && rule.windowSeconds >= old.windowSeconds),
  );
}

const describeRules = (rules: Rule[]) =>
  rules.map((rule) => `${rule.maxCalls} per ${rule.windowSeconds} s`).join(", ");

/** The declared and the current rules of each throttle in the preview, by its `name` input. */
export function throttleRulesByName(preview: PreviewJson): Map<string, { before?: Rule[]; after?: Rule[] }> {
  const byName = new Map<string, { before?: Rule[]; after?: Rule[] }>();
  for (const step of preview.steps) {
    if (!THROTTLE_TYPES.has(stepType(step)) || step.op === "refresh") continue;
    for (const [side, state] of [
      ["before", step.oldState],
      ["after", step.op.startsWith("delete") ? undefined : step.newState],
    ] as const) {
      const name = state?.inputs?.name;
      const rules = rulesOf(state?.inputs?.rules);
      if (typeof name === "string" && rules) byName.set(name, { ...byName.get(name), [side]: rules });
    }
  }
  return byName;
}

function throttleChange(name: string, steps: PreviewStep[]): ThrottleChange | undefined {
  const ops = new Set(steps.map((step) => step.op));
  const planned = steps.filter((step) => step.op !== "refresh");
  const old = planned.find((step) => step.oldState)?.oldState;
  const declared = planned.find((step) => step.newState && !step.op.startsWith("delete"))?.newState;
  if (["replace", "create-replacement", "delete-replaced"].some((op) => ops.has(op))) {
    return {
      name,
      faster: `throttle ${name} is replaced: it is deleted first, and its batches dial at the plain rate until they name the new one`,
    };
  }
  if (ops.has("delete")) {
    if (old?.retainOnDelete === true) return undefined; // the live throttle stays, and its limits
    return { name, faster: `throttle ${name} is deleted: its batches dial at the plain rate` };
  }
  if (!ops.has("update")) return undefined;
  const oldName = old?.inputs?.name;
  if (oldName !== declared?.inputs?.name) {
    return {
      name,
      faster: `throttle ${name} is renamed: batches that name it by its old name lose its limits`,
    };
  }
  const before = rulesOf(old?.inputs?.rules);
  const after = rulesOf(declared?.inputs?.rules);
  if (!before || !after) {
    return { name, faster: `throttle ${name}'s rules change, and the plan cannot read them` };
  }
  if (atLeastAsSlow(before, after)) return undefined;
  return {
    name,
    faster: `throttle ${name}'s rules loosen (${describeRules(before)} -> ${describeRules(after)}): its batches may dial faster`,
  };
}

/** One entry per call throttle whose change may speed dialling up. */
export function throttleChanges(preview: PreviewJson): ThrottleChange[] {
  const byUrn = new Map<string, PreviewStep[]>();
  for (const step of preview.steps) {
    if (!THROTTLE_TYPES.has(stepType(step))) continue;
    byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
  }
  return [...byUrn].flatMap(
    ([urn, steps]) => throttleChange(urn.slice(urn.lastIndexOf("::") + 2), steps) ?? [],
  );
}

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Why a batch's own `throttle` change may dial faster, or undefined: the throttle is removed (plain
 * rate), or moved to another throttle the plan cannot show is as slow (its rules are compared when
 * both throttles are in the preview).
 */
export function batchThrottleSpeedUp(
  change: BatchChange,
  rules: Map<string, { before?: Rule[]; after?: Rule[] }>,
): string | undefined {
  if (change.kind !== "update" || !change.fields.includes("throttle")) return undefined;
  const { live, declared } = change.values.throttle ?? {};
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const from = text(live);
  const to = text(declared);
  if (from === undefined) return undefined; // a limit is added
  if (to === undefined) return `batch ${change.name} drops throttle ${from}: it dials at the plain rate`;
  const before = rules.get(from)?.before ?? rules.get(from)?.after;
  const after = rules.get(to)?.after;
  if (to !== UNKNOWN && before && after && atLeastAsSlow(before, after)) return undefined;
  return `batch ${change.name} moves from throttle ${from} to ${to === UNKNOWN ? "a throttle known only at apply" : to}, which the plan cannot show is as slow`;
}
