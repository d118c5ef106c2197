/**
 * What a CallThrottle does its own way (fields/behaviour.ts): create by adoption or by a POST that
 * is never re-sent (safe-create.ts), and a 404 that proves it gone only from the API itself.
 */
import { adoptExisting } from "../fields/adopt";
import { createdResult, type ResourceBehaviour } from "../fields/behaviour";
import { createBody } from "../fields/field-rules";
import { ResourceInitError } from "../fields/init-error";
import { partialOutputs } from "../fields/outputs";
import { throttleClaims } from "./claims";
import { ThrottleClient } from "./client";
import { callThrottle } from "./definition";
import { createThrottleSafely, UnreadCreatedThrottleError } from "./safe-create";

export const throttleBehaviour: ResourceBehaviour<ThrottleClient> = {
  definition: callThrottle,
  client: (options) => new ThrottleClient(options),
  async create(client, args, inputs) {
    if (typeof args.adoptThrottleId === "string") {
      return adoptExisting(
        throttleBehaviour,
        { claims: throttleClaims },
        client,
        args,
        inputs,
        args.adoptThrottleId,
      );
    }
    let live: object;
    try {
      live = await createThrottleSafely(client, createBody(callThrottle, args));
    } catch (error) {
      if (!(error instanceof UnreadCreatedThrottleError)) throw error;
      throw new ResourceInitError(
        error.message,
        error.throttleId,
        partialOutputs(callThrottle, inputs, error.throttleId),
      );
    }
    return createdResult(callThrottle, args, inputs, live);
  },
  get: (client, _parents, id) => client.getThrottle(id),
  patch: (client, _parents, id, body) => client.updateThrottle(id, body),
  remove: (client, _parents, id) => client.deleteThrottle(id),
  isGone: (client, _parents, error) => client.throttleIsGone(error),
  keepOnDelete: (id) => throttleClaims.adoptedThisRun(id),
};
