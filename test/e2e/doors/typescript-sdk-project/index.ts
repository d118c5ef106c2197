import * as pulumi from "@pulumi/pulumi";
// The SDK generated from the plugin's schema, imported as generated (no build step).
import * as ultravox from "./sdk/nodejs";

// `batch`: the ScheduledBatch's inputs as JSON. Secrets come from secret config: `webhookSecret`, and
// `sipPassword`, which replaces the placeholder "$sipPassword" in any SIP call's password.
const config = new pulumi.Config();
const args = config.requireObject<ultravox.ScheduledBatchArgs>("batch");
const sipPassword = config.getSecret("sipPassword");
// `agent` (JSON, optional): an Agent the program declares too; the batch then takes its `agentId`.
const agentArgs = config.getObject<ultravox.AgentArgs | null>("agent");
const agent = agentArgs ? new ultravox.Agent("agent", agentArgs) : undefined;

type Call = { medium?: { sip?: { outgoing?: Record<string, unknown> } } };
const calls = (args.calls as Call[]).map((call): unknown => {
  const outgoing = call.medium?.sip?.outgoing;
  if (outgoing?.password !== "$sipPassword" || sipPassword === undefined) return call;
  return { ...call, medium: { ...call.medium, sip: { outgoing: { ...outgoing, password: sipPassword } } } };
});

const campaign = new ultravox.ScheduledBatch(
  "campaign",
  {
    ...args,
    calls: calls as ultravox.ScheduledBatchArgs["calls"],
    ...(agent === undefined ? {} : { agentId: agent.agentId }),
    webhookSecret: config.getSecret("webhookSecret"),
  },
  // Never two batches dialing at once, also on `pulumi up --replace` (a plugin cannot set this itself).
  { deleteBeforeReplace: true },
);

export const batchId = campaign.batchId;
export const totalCount = campaign.totalCount;
