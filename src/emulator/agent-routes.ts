// The agent API: /api/agents (list, create) and /api/agents/{agent_id} (get, partial update,
// delete). Agents made here are stored; without the `--agent` allow-list any other agent id exists
// too, answered by a stand-in with no call template (so batch tests need no agent set up).
import { randomUUID } from "node:crypto";
import { type EmulatorContext, UUID_PATTERN } from "./context";
import { type ApiResponse, json } from "./http-io";
import type { StoredAgent } from "./model";
import { pageResponse } from "./pagination";
import type { Route, RouteRequest } from "./route";

const ROUTE = /^\/api\/agents(?:\/([^/]+))?$/;
/** A fixed creation time for stand-in agents (those not made through the API). */
const STAND_IN_CREATED = "2024-01-01T00:00:00Z";

/** The writable fields of `ultravox.v1.CallTemplate`; the API rejects any other key. */
const TEMPLATE_FIELDS = new Set([
  "name",
  "medium",
  "initialOutputMedium",
  "joinTimeout",
  "maxDuration",
  "vadSettings",
  "recordingEnabled",
  "firstSpeakerSettings",
  "systemPrompt",
  "temperature",
  "model",
  "voice",
  "externalVoice",
  "voiceOverrides",
  "languageHint",
  "timeExceededMessage",
  "inactivityMessages",
  "selectedTools",
  "dataConnection",
  "contextSchema",
  "sharedSecrets",
  "retentionPolicy",
]);
const DURATION = /^-?(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$/;

/**
 * What the service fills in for a template key left out, as the OpenAPI descriptions say ("Defaults
 * to ..."): a provider must never show these as drift.
 */
const TEMPLATE_DEFAULTS: Record<string, unknown> = {
  model: "ultravox-v0.7",
  joinTimeout: "30s",
  maxDuration: "3600s",
  initialOutputMedium: "MESSAGE_MEDIUM_VOICE",
  firstSpeakerSettings: { agent: {} },
  temperature: 0,
};

/** The route for an agent path, or null when the path is not one (a non-uuid id is not a path: 404). */
export function agentRoute(ctx: EmulatorContext, pathname: string): Route | null {
  const match = ROUTE.exec(pathname);
  if (!match) return null;
  const [, agentId] = match;
  if (agentId !== undefined && !UUID_PATTERN.test(agentId)) return null;
  return {
    allowed: agentId === undefined ? ["GET", "POST"] : ["GET", "PATCH", "DELETE"],
    visible: agentId === undefined || ctx.agents.exists(agentId, ctx.options.agents),
    handle: (context, req) => answerAgent(context, req, agentId),
  };
}

function standIn(agentId: string, callTemplate: StoredAgent["callTemplate"] = null): StoredAgent {
  return {
    agentId,
    created: STAND_IN_CREATED,
    name: `agent-${agentId.slice(0, 8)}`,
    callTemplate,
    publishedRevisionId: "",
  };
}

function agentView(ctx: EmulatorContext, agent: StoredAgent) {
  return {
    agentId: agent.agentId,
    // The OpenAPI `Agent`: nullable; a stand-in has published nothing.
    publishedRevisionId: agent.publishedRevisionId === "" ? null : agent.publishedRevisionId,
    name: agent.name,
    created: agent.created,
    callTemplate: agent.callTemplate,
    statistics: { calls: ctx.store.listForAgent(agent.agentId).length },
  };
}

function answerAgent(ctx: EmulatorContext, req: RouteRequest, agentId: string | undefined): ApiResponse {
  if (agentId === undefined) {
    if (req.method === "GET") {
      const allowed = (ctx.options.agents ?? []).filter(
        (id) => ctx.agents.find(id) === undefined && ctx.agents.exists(id, ctx.options.agents),
      );
      const agents = [...ctx.agents.all(), ...allowed.map((id) => standIn(id))];
      return pageResponse(
        agents.map((agent) => agentView(ctx, agent)),
        req.url,
      );
    }
    return createAgent(ctx, req.body, req.nowMs);
  }
  const agent = ctx.agents.find(agentId) ?? standIn(agentId, ctx.agentCallTemplates[agentId] ?? null);
  if (req.method === "GET") return json(200, agentView(ctx, agent));
  if (req.method === "DELETE") {
    // The published docs are silent on an agent's batches; the emulator deletes them with it (their
    // pending calls are never placed). A program's batches are deleted first anyway: they take the
    // agent's `agentId`, so the engine orders their deletes before the agent's.
    for (const batch of ctx.store.listForAgent(agentId)) ctx.store.remove(batch);
    ctx.agents.remove(agentId);
    return json(204);
  }
  return changeAgent(ctx, agent, req.body, req.nowMs);
}

type Validated =
  | { ok: true; name?: string; callTemplate?: Record<string, unknown> | null }
  | { ok: false; errors: object };

function templateErrors(template: Record<string, unknown>): string[] {
  const errors: string[] = [];
  for (const [key, value] of Object.entries(template)) {
    if (key === "created" || key === "updated") continue; // read-only: ignored
    if (!TEMPLATE_FIELDS.has(key)) errors.push(`Unknown field "${key}".`);
    else if (
      (key === "joinTimeout" || key === "maxDuration") &&
      (typeof value !== "string" || !DURATION.test(value))
    )
      errors.push(`${key}: must be a duration like "30s".`);
    else if (key === "temperature" && (typeof value !== "number" || value < 0 || value > 1))
      errors.push("temperature: must be a number between 0 and 1.");
  }
  return errors;
}

function validateAgentBody(body: unknown): Validated {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, errors: { non_field_errors: ["Invalid data. Expected a dictionary."] } };
  const { name, callTemplate } = body as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  if (name !== undefined && (typeof name !== "string" || name.length > 64))
    errors.name = ["Ensure this field has no more than 64 characters."];
  if (callTemplate !== undefined && callTemplate !== null) {
    if (typeof callTemplate !== "object" || Array.isArray(callTemplate))
      errors.callTemplate = ["Expected an object."];
    else {
      const problems = templateErrors(callTemplate as Record<string, unknown>);
      if (problems.length > 0) errors.callTemplate = problems;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    ...(typeof name === "string" ? { name } : {}),
    ...(callTemplate !== undefined ? { callTemplate: callTemplate as Record<string, unknown> | null } : {}),
  };
}

/** The template as the service holds it: the keys sent, the defaults for those left out, its times. */
function storedTemplate(
  sent: Record<string, unknown> | null,
  created: string | undefined,
  nowIso: string,
): Record<string, unknown> | null {
  if (sent === null) return null;
  const { created: _c, updated: _u, ...writable } = sent;
  return { ...TEMPLATE_DEFAULTS, ...writable, created: created ?? nowIso, updated: nowIso };
}

function createAgent(ctx: EmulatorContext, body: unknown, nowMs: number): ApiResponse {
  const validated = validateAgentBody(body);
  if (!validated.ok) return json(400, validated.errors);
  const now = new Date(nowMs).toISOString();
  const agent: StoredAgent = {
    agentId: randomUUID(),
    created: now,
    name: validated.name ?? "",
    callTemplate: storedTemplate(validated.callTemplate ?? {}, undefined, now),
    publishedRevisionId: randomUUID(),
  };
  ctx.agents.add(agent);
  return json(201, agentView(ctx, agent));
}

/**
 * A partial update. The docs do not say whether a partial `callTemplate` is merged or replaces the
 * template; the emulator replaces it (keys left out go back to their defaults), the reading under
 * which a client sending only the changed template keys would lose the others.
 */
function changeAgent(ctx: EmulatorContext, current: StoredAgent, body: unknown, nowMs: number): ApiResponse {
  const validated = validateAgentBody(body);
  if (!validated.ok) return json(400, validated.errors);
  let agent = ctx.agents.find(current.agentId);
  if (agent === undefined) {
    agent = current; // a stand-in becomes an agent of its own once changed
    ctx.agents.add(agent);
  }
  if (validated.name !== undefined) agent.name = validated.name;
  if (validated.callTemplate !== undefined) {
    const created = agent.callTemplate?.created;
    agent.callTemplate = storedTemplate(
      validated.callTemplate,
      typeof created === "string" ? created : undefined,
      new Date(nowMs).toISOString(),
    );
  }
  agent.publishedRevisionId = randomUUID();
  ctx.agents.dirty = true;
  return json(200, agentView(ctx, agent));
}
