/**
 * Create a throttle without ever sending its POST twice. A POST whose outcome is unknown (a 5xx, a
 * timeout, a dropped connection, an unusable 2xx) is never re-sent: the throttle it made is looked
 * for in the listing. A throttle carries no create token (it has no metadata), so "made by this
 * create" means: the same name and rules, and not owned by another resource of this run; exactly
 * one such throttle is taken, anything else is an error saying what to check. Why that is safe
 * enough for a throttle: docs/reliability.md.
 */

import { AmbiguousCreateError } from "../errors/create-not-settled";
import { UnreadCreatedError } from "../errors/unread-created";
import { isUnknownCreateOutcome, type UltravoxRequestError, UltravoxResponseError } from "../http/api-errors";
import { deepEqual } from "../json/canonical";
import { throttleClaims } from "./claims";
import type { ThrottleClient, ThrottleResponse } from "./client";

/** This create surely made `throttleId`, which could not be read: the engine must record it. */
export class UnreadCreatedThrottleError extends UnreadCreatedError {
  override readonly name = "UnreadCreatedThrottleError";
  constructor(
    message: string,
    readonly throttleId: string,
  ) {
    super(message, "call throttle", throttleId);
  }
}

const WHAT_TO_CHECK =
  "List the call throttles in the Ultravox console or with `GET /api/call_throttles`, delete any " +
  "duplicate, then re-run `pulumi up`; or set `adoptThrottleId` to the throttle this resource should own.";

function sameThrottle(live: ThrottleResponse, body: Record<string, unknown>): boolean {
  return live.name === body.name && deepEqual(live.rules, body.rules);
}

export async function createThrottleSafely(
  client: ThrottleClient,
  body: Record<string, unknown>,
): Promise<ThrottleResponse> {
  let cause: UltravoxRequestError;
  try {
    const created = await client.createThrottle(body);
    if (!throttleClaims.claim(created.throttleId)) {
      throw new Error(
        `Creating call throttle ${JSON.stringify(body.name)}: the service answered with throttle ${created.throttleId}, ` +
          `which another resource of this run already manages; not recording it twice. ${WHAT_TO_CHECK}`,
      );
    }
    return created;
  } catch (err) {
    if (!isUnknownCreateOutcome(err)) throw err;
    cause = err;
  }
  // The service answered 2xx and named the throttle, but the rest of the body was unusable: read it.
  if (
    cause instanceof UltravoxResponseError &&
    cause.createdId !== undefined &&
    throttleClaims.claim(cause.createdId)
  ) {
    const throttleId = cause.createdId;
    return client.getThrottle(throttleId).catch((readError: unknown) => {
      throw new UnreadCreatedThrottleError(
        `Creating call throttle ${JSON.stringify(body.name)} made throttle ${throttleId}, but the answer was unusable ` +
          `(${cause.message}) and reading it back failed (${String(readError)}). The throttle is recorded in the state: ` +
          "the next `pulumi up` reads it and brings it in line with the program; it does not create another.",
        throttleId,
      );
    });
  }
  const opening =
    `Creating call throttle ${JSON.stringify(body.name)} may or may not have happened: the request failed ` +
    `after it may have reached the service (${cause.message}); it was not re-sent.`;
  const matches: ThrottleResponse[] = [];
  try {
    for await (const live of client.listThrottles()) {
      if (sameThrottle(live, body) && !throttleClaims.isClaimed(live.throttleId)) matches.push(live);
    }
  } catch (listError) {
    const why = listError instanceof Error ? listError.message : String(listError);
    throw new AmbiguousCreateError(
      `${opening} Looking for it afterwards failed too (${why}). ${WHAT_TO_CHECK}`,
      "call throttle",
      [],
    );
  }
  const [only] = matches;
  if (matches.length === 1 && only !== undefined && throttleClaims.claim(only.throttleId)) return only;
  const found =
    matches.length === 0
      ? "No throttle has this name and these rules, so it was probably not created"
      : `${matches.length} throttles have this name and these rules (${matches.map((m) => m.throttleId).join(", ")}), so which one this create made is not known`;
  throw new AmbiguousCreateError(
    `${opening} ${found}. ${WHAT_TO_CHECK}`,
    "call throttle",
    matches.map((m) => m.throttleId),
  );
}
