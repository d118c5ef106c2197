/**
 * The call throttle endpoints (`/api/call_throttles[/{throttleId}]`), on the generic ApiClient, with
 * paths and the answer's shape from the throttle's definition.
 */

import type { z } from "zod";
import { NotFoundUnprovenError } from "../errors/not-found-unproven";
import { collectionPath, itemPath, notFoundHint } from "../fields/endpoints";
import { provenGone } from "../fields/proven-gone";
import { responseSchema } from "../fields/response-schema";
import { ApiClient, type ClientOptions } from "../http/api-client";
import { callThrottle } from "./definition";

export const throttleResponseSchema = responseSchema(callThrottle);
/** The service's answer for a throttle. */
export type ThrottleResponse = z.infer<typeof throttleResponseSchema>;

const collection = () => collectionPath(callThrottle, {});
const item = (throttleId: string) => itemPath(callThrottle, {}, throttleId);

export class ThrottleClient extends ApiClient {
  constructor(options: ClientOptions) {
    super(options, notFoundHint(callThrottle));
  }

  /** A 2xx whose body cannot be used throws an UltravoxResponseError with `mayHaveActed`. */
  async createThrottle(body: Record<string, unknown>): Promise<ThrottleResponse> {
    const url = this.url(collection());
    return this.request("POST", url, throttleResponseSchema, { body, idKey: "throttleId" });
  }

  async getThrottle(throttleId: string): Promise<ThrottleResponse> {
    return this.request("GET", this.url(item(throttleId)), throttleResponseSchema);
  }

  /** A PATCH of a throttle is idempotent: sending the same fields twice sets them twice. */
  async updateThrottle(throttleId: string, body: Record<string, unknown>): Promise<ThrottleResponse> {
    return this.request("PATCH", this.url(item(throttleId)), throttleResponseSchema, { body });
  }

  async deleteThrottle(throttleId: string): Promise<void> {
    await this.send("DELETE", this.url(item(throttleId)));
  }

  async *listThrottles(options: { pageSize?: number } = {}): AsyncGenerator<ThrottleResponse> {
    const url = this.url(collection());
    if (options.pageSize !== undefined) url.searchParams.set("pageSize", String(options.pageSize));
    yield* this.paginate(url, throttleResponseSchema);
  }

  /** Whether `error` proves the throttle gone (fields/proven-gone.ts); throws when a 404 proves nothing. */
  async throttleIsGone(error: unknown): Promise<boolean> {
    return provenGone(error, {
      noun: "call throttle",
      collection: "the call throttles",
      hint: "check that ultravox:apiKey / ULTRAVOX_API_KEY belongs to the throttle's account",
      listOne: async () => {
        for await (const _ of this.listThrottles({ pageSize: 1 })) break;
      },
      unproven: (message) => new NotFoundUnprovenError(message, "call throttle"),
    });
  }
}
