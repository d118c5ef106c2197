import * as pulumi from "@pulumi/pulumi";
import { pendingCallsOutput, ScheduledBatch } from "pulumi-ultravox";

// Someone asked not to be called while the campaign runs. The API cannot remove one call from a
// running batch, so: (1) pause it (`paused: true`, `pulumi up`); (2) carry the calls it never
// placed, minus that person, into a new batch (`carryOver: true`, `pulumi up`).
// Config (defaults in Pulumi.yaml): `agentId`, `paused`, `carryOver`; `doNotCall`, the numbers not
// to call, comma-separated and secret: `pulumi config set --secret doNotCall +14155550103`.
const config = new pulumi.Config();
const agentId = config.require("agentId");

const customers = [
  { to: "+14155550101", firstName: "Ada" },
  { to: "+14155550102", firstName: "Grace" },
  { to: "+14155550103", firstName: "Alan" },
  { to: "+14155550104", firstName: "Edsger" },
  { to: "+14155550105", firstName: "Barbara" },
];

// The running campaign. Once paused it stays in the program, paused: it is the record of who was
// called, and the carried batch reads its pending calls from it.
const renewals = new ScheduledBatch("renewals", {
  agentId,
  paused: config.requireBoolean("paused"),
  calls: customers.map(({ to, firstName }) => ({
    medium: { twilio: { outgoing: { to, from: "+14155550100" } } },
    templateContext: { firstName },
  })),
});

export const renewalsBatchId = renewals.batchId;
// Until the carry-over, plain values: a stack output is never undefined (the CLI warns about one).
export let carriedBatchId: pulumi.Input<string> = "(not carried over yet)";
export let carriedCount: pulumi.Input<number> = 0;
export let excludedCount: pulumi.Input<number> = 0;

if (config.requireBoolean("carryOver")) {
  // The calls `renewals` never placed, without the people on the do-not-call list. Secret (phone
  // numbers). It fails, saying why, while `renewals` is not paused, and for a number that matches
  // none of its calls (a typo would leave that person's call in).
  const carried = pendingCallsOutput({
    agentId,
    batchId: renewals.batchId,
    excludeTo: pulumi.output(config.getSecret("doNotCall") ?? "").apply((numbers) =>
      numbers
        .split(",")
        .map((to) => to.trim())
        .filter((to) => to !== ""),
    ),
  });
  const rest = new ScheduledBatch(
    "renewals-carried",
    { agentId, calls: carried.calls },
    // The pending calls are read on every preview and up. Once this batch exists its calls are
    // the ones it was created with: a later read (fewer calls once the window of `renewals` ends)
    // must not edit a batch that is dialing.
    { ignoreChanges: ["calls"] },
  );
  carriedBatchId = rest.batchId;
  // Counts hold no personal data: shown in the clear.
  carriedCount = pulumi.unsecret(carried.calls.apply((calls) => calls.length));
  excludedCount = pulumi.unsecret(carried.excludedCount);
}
