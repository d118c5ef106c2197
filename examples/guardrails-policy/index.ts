import { PolicyPack, type ReportViolation, type ResourceValidationArgs } from "@pulumi/policy";
import { type Batch, batchOf } from "./rules/batch";
import { type BatchSizeConfig, batchSizeViolations, DEFAULT_MAX_CALLS } from "./rules/batch-size";
import {
  CALLING_HOURS_DEFAULTS,
  type CallingHoursConfig,
  callingHoursRange,
  callingHoursViolations,
} from "./rules/calling-hours";
import { stackResources } from "./rules/known-props";
import { promptVariableViolations } from "./rules/prompt-variables";
import { runningBatchViolations } from "./rules/running-batch";
import { webhookSecretViolations } from "./rules/webhook-secret";

/** A resource check that runs on ScheduledBatch resources only and reports each message. */
function onBatches(rule: (batch: Batch, args: ResourceValidationArgs) => string[]) {
  return (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
    const batch = batchOf(args.type, args.props, args.opts.ignoreChanges);
    if (batch === undefined) return;
    for (const message of rule(batch, args)) reportViolation(message);
  };
}

const CLOCK_PATTERN = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$";

new PolicyPack("ultravox-guardrails", {
  description:
    "Guardrails for Ultravox scheduled call batches: calling hours, batch size, signed webhooks, no re-dial",
  enforcementLevel: "mandatory",
  policies: [
    {
      name: "calling-hours",
      description:
        "Every number is called only inside local calling hours (default 08:00-21:00) in each time zone it may ring in.",
      configSchema: {
        properties: {
          start: { type: "string", pattern: CLOCK_PATTERN, default: CALLING_HOURS_DEFAULTS.start },
          end: { type: "string", pattern: CLOCK_PATTERN, default: CALLING_HOURS_DEFAULTS.end },
        },
      },
      validateResource: onBatches((batch, args) =>
        callingHoursViolations(batch, callingHoursRange(args.getConfig<CallingHoursConfig>())),
      ),
    },
    {
      name: "max-batch-size",
      description: "A batch holds at most maxCalls calls (default 1000).",
      configSchema: {
        properties: { maxCalls: { type: "integer", minimum: 1, default: DEFAULT_MAX_CALLS } },
      },
      validateResource: onBatches((batch, args) =>
        batchSizeViolations(batch, args.getConfig<BatchSizeConfig>()),
      ),
    },
    {
      name: "webhook-secret",
      description: "A batch with a webhookUrl also sets a webhookSecret of its own.",
      validateResource: onBatches((batch) => webhookSecretViolations(batch)),
    },
    {
      name: "running-batch-protected",
      description:
        "A batch that can still dial is declared protect: true, so the engine refuses to replace it (a replacement dials every call again).",
      validateResource: onBatches((batch, args) =>
        runningBatchViolations(batch, args.name, args.opts.protect, Date.now()),
      ),
    },
    {
      name: "prompt-variables",
      description:
        "Every call of a batch whose agent is declared in the stack fills the variables the agent's systemPrompt uses and satisfies its contextSchema.",
      validateStack: (args, reportViolation) => {
        for (const { urn, message } of promptVariableViolations(stackResources(args.resources)))
          reportViolation(message, urn);
      },
    },
  ],
});
