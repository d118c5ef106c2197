/**
 * What an Agent does its own way (fields/behaviour.ts): a create whose POST is never re-sent, and a
 * 404 that proves it gone only from the API itself. An agent carries no create token, so after a
 * POST of unknown outcome the one agent of that name no resource of this run owns is taken; none
 * or several is an error saying what to check.
 */
import { createdResult, type ResourceBehaviour } from "../fields/behaviour";
import { Claims } from "../fields/claims";
import { createBody } from "../fields/field-rules";
import { isUnknownCreateOutcome, UltravoxResponseError } from "../http/api-errors";
import { AgentClient, type AgentResponse } from "./client";
import { agent } from "./definition";

/** Which agents resources of this provider process (one `pulumi up`) already own. */
const agentClaims = new Claims();

const WHAT_TO_CHECK =
  "List the agents in the Ultravox console or with `GET /api/agents`, delete any duplicate, then re-run `pulumi up`, " +
  "or `pulumi import ultravox:index:Agent <name> <agentId>` the one this resource should own.";

async function createAgentSafely(client: AgentClient, body: Record<string, unknown>): Promise<AgentResponse> {
  let cause: unknown;
  try {
    const created = await client.createAgent(body);
    if (!agentClaims.claim(created.agentId))
      throw new Error(`Creating agent: the service answered with agent ${created.agentId}, already managed.`);
    return created;
  } catch (error) {
    if (!isUnknownCreateOutcome(error)) throw error;
    cause = error;
  }
  // A 2xx that named the agent, with a body that could not be used: read it.
  if (
    cause instanceof UltravoxResponseError &&
    cause.createdId !== undefined &&
    agentClaims.claim(cause.createdId)
  )
    return client.getAgent(cause.createdId);
  const opening =
    `Creating agent ${JSON.stringify(body.name)} may or may not have happened: the request failed after it may ` +
    `have reached the service (${String(cause)}); it was not re-sent.`;
  const matches: AgentResponse[] = [];
  for await (const live of client.listAgents()) {
    if (live.name === body.name && !agentClaims.isClaimed(live.agentId)) matches.push(live);
  }
  const [only] = matches;
  if (matches.length === 1 && only !== undefined && agentClaims.claim(only.agentId)) return only;
  const found =
    matches.length === 0
      ? "No agent has this name, so it was probably not created"
      : `${matches.length} agents have this name, so which one this create made is not known`;
  throw new Error(`${opening} ${found}. ${WHAT_TO_CHECK}`);
}

export const agentBehaviour: ResourceBehaviour<AgentClient> = {
  definition: agent,
  client: (options) => new AgentClient(options),
  async create(client, args, inputs) {
    return createdResult(agent, args, inputs, await createAgentSafely(client, createBody(agent, args)));
  },
  get: (client, _parents, id) => client.getAgent(id),
  patch: (client, _parents, id, body) => client.updateAgent(id, body),
  remove: (client, _parents, id) => client.deleteAgent(id),
  isGone: (client, _parents, error) => client.agentIsGone(error),
};
