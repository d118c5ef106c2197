/**
 * Which resources of one kind this provider process already owns (one `pulumi up`): each id is
 * claimed once, by the create whose answer named it, by the reconciliation that found it, or by the
 * resource that adopts it. A second claim fails, so two resources never record one resource, and
 * one adopted by a new resource of this run is not deleted with the old one. Module state of the
 * resource's own modules, never of a serialized forwarder.
 */
export class Claims {
  private readonly claimed = new Set<string>();
  private readonly adopted = new Set<string>();

  /** Claim an id; false if another resource of this process already has it. */
  claim(id: string): boolean {
    if (this.claimed.has(id)) return false;
    this.claimed.add(id);
    return true;
  }

  isClaimed(id: string): boolean {
    return this.claimed.has(id);
  }

  /** Note that a resource of this run now holds a claimed id through adoption (the engine has it). */
  recordAdoption(id: string): void {
    if (this.claimed.has(id)) this.adopted.add(id);
  }

  /** True when a resource of this run took it over by adoption and the engine records it. */
  adoptedThisRun(id: string): boolean {
    return this.adopted.has(id);
  }

  /** For tests: forget every claim. */
  reset(): void {
    this.claimed.clear();
    this.adopted.clear();
  }
}
