import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

// A campaign that runs every month: one ScheduledBatch per run, named after it. Next month is a new
// resource (one POST); last month's batch is never edited (that would dial its people again).
// A finished run is retired in two steps, so that no DELETE reaches the service:
//   1. add it to `retired` and `pulumi up`: the engine records `retainOnDelete` (no request);
//   2. remove it from `runs` and `pulumi up`: it leaves the state, the batch stays at Ultravox.
// Config (defaults in Pulumi.yaml): `agentId`, `runs` and `retired`, comma-separated
// (`pulumi config set runs 2030-01,2030-02`).
const config = new pulumi.Config();
const agentId = config.require("agentId");
const listed = (key: string) =>
  (config.get(key) ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
const runs = listed("runs");
const retired = new Set(listed("retired"));

const customers = [
  { to: "+14155550101", firstName: "Ada" },
  { to: "+14155550102", firstName: "Grace" },
  { to: "+14155550103", firstName: "Alan" },
];

const batches = runs.map(
  (run) =>
    new ScheduledBatch(
      `renewals-${run}`,
      {
        agentId,
        calls: customers.map(({ to, firstName }) => ({
          medium: { twilio: { outgoing: { to, from: "+14155550100" } } },
          metadata: { run },
          templateContext: { firstName },
        })),
        // A real run also sets its window (windowStart/windowEnd, as in examples/twilio-window).
      },
      // Retired: removing it from the program (or `pulumi destroy`) leaves the batch at Ultravox.
      { retainOnDelete: retired.has(run) },
    ),
);

export const batchIds = Object.fromEntries(runs.map((run, i) => [run, batches[i]?.batchId]));
