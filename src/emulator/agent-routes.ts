// GET /api/agents/{agent_id}: the one agent read the provider makes, to prove an agent exists before a
// replace. The `--agent` allow-list says which agents exist; without it every agent id does.
import type { EmulatorContext } from "./context";
import { UUID_PATTERN } from "./context";
import { json } from "./http-io";
import type { Route } from "./route";

const ROUTE = /^\/api\/agents\/([^/]+)$/;
/** A fixed creation time: the emulator holds no agents, only the allow-list. */
const CREATED = "2024-01-01T00:00:00Z";

/** The route for an agent path, or null when the path is not one (a non-uuid id is not a path: 404). */
export function agentRoute(ctx: EmulatorContext, pathname: string): Route | null {
  const match = ROUTE.exec(pathname);
  const agentId = match?.[1];
  if (agentId === undefined || !UUID_PATTERN.test(agentId)) return null;
  return {
    allowed: ["GET"],
    visible: ctx.options.agents === null || ctx.options.agents.includes(agentId),
    // The OpenAPI `Agent`: its required fields, and the call template a test gave (else null).
    handle: () =>
      json(200, {
        agentId,
        publishedRevisionId: null,
        name: `agent-${agentId.slice(0, 8)}`,
        created: CREATED,
        callTemplate: ctx.agentCallTemplates[agentId] ?? null,
        statistics: { calls: 0 },
      }),
  };
}
