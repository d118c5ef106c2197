// The account's agents: those made through the API, and which ids are gone. Without the `--agent`
// allow-list every other agent id exists too (a fixed stand-in answers for it), so batch tests need
// no agent set up; with it, only the listed ones and those made here do.
import type { StoredAgent } from "./model";

export interface AgentState {
  agents: StoredAgent[];
  /** Ids deleted through the API: they 404 from then on, allow-listed or not. */
  deleted: string[];
}

export class AgentStore {
  private agents: StoredAgent[];
  private readonly deleted: Set<string>;
  /** Set by any mutation; the server persists and clears it after each request. */
  dirty = false;

  constructor(initial: Partial<AgentState> = {}) {
    this.agents = initial.agents ?? [];
    this.deleted = new Set(initial.deleted ?? []);
  }

  /** In creation order: only the agents made through the API. */
  all(): StoredAgent[] {
    return this.agents;
  }

  find(agentId: string): StoredAgent | undefined {
    return this.agents.find((agent) => agent.agentId === agentId);
  }

  /** Whether the account has this agent: made here, or allowed (`allowList` null: any id) and not deleted. */
  exists(agentId: string, allowList: readonly string[] | null): boolean {
    if (this.deleted.has(agentId)) return false;
    return this.find(agentId) !== undefined || allowList === null || allowList.includes(agentId);
  }

  add(agent: StoredAgent): void {
    this.agents.push(agent);
    this.dirty = true;
  }

  remove(agentId: string): void {
    this.agents = this.agents.filter((agent) => agent.agentId !== agentId);
    this.deleted.add(agentId);
    this.dirty = true;
  }

  snapshot(): AgentState {
    return { agents: this.agents, deleted: [...this.deleted] };
  }

  clear(): void {
    this.agents = [];
    this.deleted.clear();
    this.dirty = true;
  }
}
