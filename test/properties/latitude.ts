/**
 * The service's latitude, as data: the ways the real Ultravox API may legitimately represent the same
 * batch differently from our emulator, and the faults a network path may add. fast-check generates
 * values of these types (generators.ts); the latitude proxy (latitude-proxy.ts) applies them.
 */

/** Representation choices the service may make; each is independent of the others. */
export interface Latitude {
  /** Batch listings come back in another order (a seed for a deterministic shuffle; 0 = as is). */
  batchOrderSeed: number;
  /** Scheduled-call listings come back in another order (0 = as is). */
  callOrderSeed: number;
  /** Unset nested fields of a listed call's medium are sent as `null` (e.g. `dtmfHandling: null`). */
  nestedNulls: boolean;
  /** Unset nullable string fields of a batch are sent as `""` instead of `null`. */
  emptyStrings: boolean;
  /** Nullable fields the API does not require are left out instead of sent as `null`. */
  omitNulls: boolean;
  /** How a SIP password shows in a scheduled-call listing. */
  passwordInListing: "shown" | "absent" | "empty" | "stars";
  /** Fields the provider does not know are added to batches and listed calls. */
  extraFields: boolean;
  /** A create that leaves a window end out gets one filled in by the service (kept on every later read). */
  fillWindow: boolean;
  /**
   * The largest page the service serves, whatever `pageSize` asks (0: as asked). A small cap makes
   * a listing of a few batches or calls take several pages, each behind its own `next` link.
   */
  pageSizeCap: number;
}

export const PLAIN_LATITUDE: Latitude = {
  batchOrderSeed: 0,
  callOrderSeed: 0,
  nestedNulls: false,
  emptyStrings: false,
  omitNulls: false,
  passwordInListing: "shown",
  extraFields: false,
  fillWindow: false,
  pageSizeCap: 0,
};

/** Before: the request never reaches the service. After: the service acted; only its answer is lost or replaced. */
export type FaultTiming = "before" | "after";

export type Fault =
  /**
   * A status answer with the API's JSON body, a proxy's HTML page, or a firewall's empty answer
   * whose reason phrase quotes the request it refused (as some do).
   */
  | { kind: "status"; status: 429 | 500 | 502 | 503 | 504; body: "json" | "html" | "echo"; when: FaultTiming }
  /** No answer at all until the client gives up. */
  | { kind: "timeout"; when: FaultTiming }
  /** The connection is reset. */
  | { kind: "drop"; when: FaultTiming }
  /** A 2xx the client cannot use: only `{batchId}` of the answer, or an HTML page. */
  | { kind: "unreadable"; body: "batch-id-only" | "html"; when: "after" };

/** The n-th request to the API (0-based, counting from when the schedule was set) meets `schedule[n]`. */
export type FaultSchedule = readonly (Fault | null)[];

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case "status":
      return `${fault.status} (${fault.body}) ${fault.when}`;
    case "unreadable":
      return `unreadable 2xx (${fault.body}) ${fault.when}`;
    default:
      return `${fault.kind} ${fault.when}`;
  }
}
