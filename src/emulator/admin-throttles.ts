// /_emulator/call_throttles/{id}: a throttle as the dashboard sees and edits it (outside any client):
// GET adds the times of the calls placed under it that still count; PATCH edits it without the
// journal, faults or rate limit, as a change made in the Ultravox console would be.
import { type EmulatorContext, UUID_PATTERN } from "./context";
import { type ApiResponse, json, notFound } from "./http-io";
import { throttleView } from "./representation";
import { changeThrottle } from "./throttle-routes";

const ROUTE = /^\/_emulator\/call_throttles\/([^/]+)$/;

/** The answer for a throttle admin path, or null when the path is not one. */
export function handleThrottleAdmin(
  ctx: EmulatorContext,
  method: string,
  pathname: string,
  body: unknown,
): ApiResponse | null {
  const [, throttleId = ""] = ROUTE.exec(pathname) ?? [];
  if (throttleId === "") return null;
  const throttle = UUID_PATTERN.test(throttleId) ? ctx.throttles.find(throttleId) : undefined;
  if (!throttle) return notFound();
  if (method === "PATCH") {
    // Calls placed so far count under the rules they were placed with, and the new rules from now on.
    ctx.store.progressAll(ctx.clock.nowMs(), ctx.options.dialRatePerSecond);
    return changeThrottle(ctx, throttle, body, "partial");
  }
  if (method !== "GET") return json(405, { detail: `Method "${method}" not allowed.` });
  return json(200, {
    ...throttleView(throttle),
    placedCalls: throttle.placedMs.map((ms) => new Date(ms).toISOString()),
  });
}
