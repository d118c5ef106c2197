/**
 * The Ultravox scheduled-batch endpoints, on the generic ApiClient (http/api-client.ts: transport,
 * retries, errors, redaction, pagination): this file maps the batch's endpoints (its definition's
 * paths) to requests and bodies to types.
 */

import { z } from "zod";
import { NotFoundUnprovenError } from "../errors/not-found-unproven";
import { collectionPath, itemPath, notFoundHint } from "../fields/endpoints";
import { provenGone } from "../fields/proven-gone";
import { ApiClient, type ClientOptions } from "../http/api-client";
import { type BatchResponse, batchResponseSchema, scheduledCallSchema } from "./api-types";
import { batch } from "./definition";

export type { ClientOptions } from "../http/api-client";
export {
  UltravoxApiError,
  UltravoxNetworkError,
  UltravoxRequestError,
  UltravoxResponseError,
} from "../http/api-errors";
export { InvalidIdError } from "../http/endpoint-urls";
export type { RetryInfo } from "../http/request-loop";
export type { BatchResponse } from "./api-types";

/** Why a 404 on a batch does not prove the batch is gone. */
export class BatchNotFoundUnprovenError extends NotFoundUnprovenError {
  override readonly name = "BatchNotFoundUnprovenError";
}

const batchesOf = (agentId: string) => collectionPath(batch, { agentId });
const batchPath = (agentId: string, batchId: string, ...sub: string[]) =>
  itemPath(batch, { agentId }, batchId, ...sub);

/**
 * What the provider reads of an agent: that it exists (the OpenAPI `Agent` requires `agentId`), and
 * its callTemplate (nullable), which the prompt-variable check reads leniently (agent-template-check.ts).
 */
const agentSchema = z.object({ agentId: z.string(), callTemplate: z.unknown() });

export class UltravoxClient extends ApiClient {
  constructor(options: ClientOptions) {
    super(options, notFoundHint(batch));
  }

  /**
   * Create a batch. A 2xx whose body cannot be used throws an UltravoxResponseError with
   * `mayHaveActed` (the batch was probably created) and `batchId` when the body named a usable one.
   */
  async createBatch(agentId: string, body: Record<string, unknown>): Promise<BatchResponse> {
    return this.request("POST", this.url(batchesOf(agentId)), batchResponseSchema, {
      body,
      idKey: "batchId",
    });
  }

  /** Reads an agent (`GET /api/agents/{agentId}`): the one request a preview may send, before a replace. */
  async getAgent(agentId: string): Promise<{ agentId: string; callTemplate?: unknown }> {
    return this.request("GET", this.url(["api", "agents", { name: "agentId", id: agentId }]), agentSchema);
  }

  async getBatch(agentId: string, batchId: string): Promise<BatchResponse> {
    return this.request("GET", this.url(batchPath(agentId, batchId)), batchResponseSchema);
  }

  /**
   * Update a batch. A PATCH carrying `calls` is sent once: if the service restarts the calls on each
   * such PATCH, a repeat would dial again the people called in between (errors say `mayHaveActed`).
   */
  async updateBatch(agentId: string, batchId: string, body: Record<string, unknown>): Promise<BatchResponse> {
    const url = this.url(batchPath(agentId, batchId));
    return this.request("PATCH", url, batchResponseSchema, {
      body,
      retryable: !Object.hasOwn(body, "calls"),
    });
  }

  async deleteBatch(agentId: string, batchId: string): Promise<void> {
    await this.send("DELETE", this.url(batchPath(agentId, batchId)));
  }

  async *listBatches(agentId: string, options: { pageSize?: number } = {}): AsyncGenerator<BatchResponse> {
    const url = this.url(batchesOf(agentId));
    if (options.pageSize !== undefined) url.searchParams.set("pageSize", String(options.pageSize));
    yield* this.paginate(url, batchResponseSchema);
  }

  async *listScheduledCalls(
    agentId: string,
    batchId: string,
    options: { pageSize?: number; status?: string } = {},
  ): AsyncGenerator<Record<string, unknown>> {
    const url = this.url(batchPath(agentId, batchId, "scheduled_calls"));
    if (options.pageSize !== undefined) url.searchParams.set("pageSize", String(options.pageSize));
    if (options.status !== undefined) url.searchParams.set("status", options.status);
    yield* this.paginate(url, scheduledCallSchema);
  }

  /**
   * Whether `error` (raised by a request for a batch of `agentId`) proves the batch is gone.
   * False when it is no 404 at all (the caller rethrows it). A 404 proves it only when its body is the
   * API's own `{"detail": ...}` AND the agent's batch list answers under this key: a 404 from a proxy
   * or another server, a wrong base URL path, or an agent this key cannot see (another account) would
   * otherwise drop a live batch from the state or report a running campaign as deleted. In those
   * cases this throws a BatchNotFoundUnprovenError saying what to check.
   */
  async batchIsGone(agentId: string, error: unknown): Promise<boolean> {
    return provenGone(error, {
      noun: "batch",
      collection: `agent ${agentId}'s batches`,
      hint:
        "the agent may not be visible under this API key; check agentId and that ultravox:apiKey / " +
        "ULTRAVOX_API_KEY belongs to the agent's account",
      listOne: async () => {
        for await (const _ of this.listBatches(agentId, { pageSize: 1 })) break;
      },
      unproven: (message) => new BatchNotFoundUnprovenError(message, "scheduled batch"),
    });
  }
}
