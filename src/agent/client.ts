/**
 * The agent endpoints (`/api/agents[/{agentId}]`), on the generic ApiClient, with paths and the
 * answer's shape from the agent's definition.
 */
import type { z } from "zod";
import { collectionPath, itemPath, notFoundHint } from "../fields/endpoints";
import { responseSchema } from "../fields/response-schema";
import { ApiClient, type ClientOptions } from "../http/api-client";
import { UltravoxApiError } from "../http/api-errors";
import { agent } from "./definition";

export const agentResponseSchema = responseSchema(agent);
/** The service's answer for an agent. */
export type AgentResponse = z.infer<typeof agentResponseSchema>;

const collection = () => collectionPath(agent, {});
const item = (agentId: string) => itemPath(agent, {}, agentId);

export class AgentClient extends ApiClient {
  constructor(options: ClientOptions) {
    super(options, notFoundHint(agent));
  }

  /** A 2xx whose body cannot be used throws an UltravoxResponseError with `mayHaveActed`. */
  async createAgent(body: Record<string, unknown>): Promise<AgentResponse> {
    return this.request("POST", this.url(collection()), agentResponseSchema, { body, idKey: "agentId" });
  }

  async getAgent(agentId: string): Promise<AgentResponse> {
    return this.request("GET", this.url(item(agentId)), agentResponseSchema);
  }

  /** A PATCH of an agent is idempotent: sending the same fields twice sets them twice. */
  async updateAgent(agentId: string, body: Record<string, unknown>): Promise<AgentResponse> {
    return this.request("PATCH", this.url(item(agentId)), agentResponseSchema, { body });
  }

  async deleteAgent(agentId: string): Promise<void> {
    await this.send("DELETE", this.url(item(agentId)));
  }

  async *listAgents(options: { pageSize?: number } = {}): AsyncGenerator<AgentResponse> {
    const url = this.url(collection());
    if (options.pageSize !== undefined) url.searchParams.set("pageSize", String(options.pageSize));
    yield* this.paginate(url, agentResponseSchema);
  }

  /**
   * Whether `error` proves the agent gone: the API's own 404 (a JSON `{"detail": ...}` body) while
   * the agent listing answers under this key. Anything less proves nothing: it throws.
   */
  async agentIsGone(error: unknown): Promise<boolean> {
    if (!(error instanceof UltravoxApiError) || error.status !== 404) return false;
    if (!error.fromApi) {
      throw new Error(
        `${error.message}. The agent was NOT treated as gone: the 404 answer is not the Ultravox API's ` +
          '(no JSON {"detail": ...} body); check ultravox:baseUrl / ULTRAVOX_BASE_URL. The state keeps the agent.',
      );
    }
    for await (const _ of this.listAgents({ pageSize: 1 })) break;
    return true;
  }
}
