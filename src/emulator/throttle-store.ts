// The account's call throttles, found by id or by name (a batch's `throttle` may give either).
import type { StoredThrottle } from "./model";

export class ThrottleStore {
  private throttles: StoredThrottle[];
  /** Set by any mutation; the server persists and clears it after each request. */
  dirty = false;

  constructor(initial: StoredThrottle[] = []) {
    this.throttles = initial;
  }

  /** In creation order. */
  all(): StoredThrottle[] {
    return this.throttles;
  }

  find(throttleId: string): StoredThrottle | undefined {
    return this.throttles.find((throttle) => throttle.throttleId === throttleId);
  }

  /** An id wins over a name, so a throttle named like another's id cannot hijack it. */
  resolve(nameOrId: string): StoredThrottle | undefined {
    return this.find(nameOrId) ?? this.throttles.find((throttle) => throttle.name === nameOrId);
  }

  /** Names are unique in an account: otherwise a batch naming one would be ambiguous. */
  nameTaken(name: string, except?: StoredThrottle): boolean {
    return this.throttles.some((throttle) => throttle.name === name && throttle !== except);
  }

  add(throttle: StoredThrottle): void {
    this.throttles.push(throttle);
    this.dirty = true;
  }

  remove(throttle: StoredThrottle): void {
    this.throttles = this.throttles.filter((candidate) => candidate !== throttle);
    this.dirty = true;
  }

  clear(): void {
    this.throttles = [];
    this.dirty = true;
  }
}
