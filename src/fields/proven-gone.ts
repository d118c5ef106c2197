/**
 * "404 proves nothing", for any resource: a 404 proves a resource gone only when its body is the
 * API's own `{"detail": ...}` AND the resource's collection answers under this key. A 404 from a
 * proxy or another server, a wrong base URL path, or a parent this key cannot see (another
 * account) would otherwise drop a live resource from the state (and the next `up` would create,
 * and dial, it again). In those cases this throws the resource's NotFoundUnprovenError.
 */
import { UltravoxApiError } from "../http/api-errors";

interface GoneCheck {
  /** The resource as messages name it: "batch", "call throttle". */
  noun: string;
  /** Its collection, as messages name it: "agent <id>'s batches". */
  collection: string;
  /** What to check when the collection cannot be listed (the parent, the key). */
  hint: string;
  /** One request for the collection's first page; throws when it cannot be listed. */
  listOne(): Promise<unknown>;
  /** The error to throw when the 404 proves nothing. */
  unproven(message: string): Error;
}

/** Whether `error` proves the resource gone; false when it is no 404 at all (the caller rethrows it). */
export async function provenGone(error: unknown, check: GoneCheck): Promise<boolean> {
  if (!(error instanceof UltravoxApiError) || error.status !== 404) return false;
  const unproven = (why: string) =>
    check.unproven(
      `${error.message}. The ${check.noun} was NOT treated as gone: ${why}. The state keeps the ${check.noun}; ` +
        "fix the setting and run the command again.",
    );
  if (!error.fromApi) {
    throw unproven(
      'the 404 answer is not the Ultravox API\'s (no JSON {"detail": ...} body), so it may come from a ' +
        "proxy or another server; check ultravox:baseUrl / ULTRAVOX_BASE_URL",
    );
  }
  try {
    await check.listOne();
  } catch (listError) {
    const why = listError instanceof Error ? listError.message : String(listError);
    throw unproven(`listing ${check.collection} failed too (${why}); ${check.hint}`);
  }
  return true;
}
