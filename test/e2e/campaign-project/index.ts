import * as pulumi from "@pulumi/pulumi";
import { Agent, type AgentArgs, ScheduledBatch, type ScheduledBatchArgs } from "pulumi-ultravox";

// `batch`: the ScheduledBatchArgs as JSON. Secrets come from secret config: `webhookSecret`, and
// `sipPassword`, which replaces the placeholder "$sipPassword" in any SIP call's password.
// `importId` tries Pulumi's own `import` resource option; `ignoreChanges` (JSON list) its `ignoreChanges`.
const config = new pulumi.Config();
const args = config.requireObject<ScheduledBatchArgs>("batch");
const sipPassword = config.getSecret("sipPassword");
const webhookSecret = config.getSecret("webhookSecret");
const importId = config.get("importId");
const ignoreChanges = config.getObject<string[]>("ignoreChanges");
// `agent` (JSON, optional): an Agent the program declares too; the batch then takes its `agentId`.
// A shared secret "$agentSharedSecret" is replaced by config `agentSharedSecret`, read in plain text
// (not getSecret): the provider alone must keep it out of state.
const agentSharedSecret = config.get("agentSharedSecret");
const agentArgs = config.getObject<AgentArgs | null>("agent");
const sharedSecrets = (agentArgs?.callTemplate as { sharedSecrets?: string[] } | undefined)?.sharedSecrets;
const agent = agentArgs
  ? new Agent("agent", {
      ...agentArgs,
      ...(sharedSecrets === undefined
        ? {}
        : {
            callTemplate: {
              ...agentArgs.callTemplate,
              sharedSecrets: sharedSecrets.map((s) =>
                s === "$agentSharedSecret" ? (agentSharedSecret ?? s) : s,
              ),
            },
          }),
    })
  : undefined;

type Call = { medium?: { sip?: { outgoing?: Record<string, unknown> } } };
const calls = (args.calls as Call[]).map((call): unknown => {
  const outgoing = call.medium?.sip?.outgoing;
  if (outgoing?.password !== "$sipPassword" || sipPassword === undefined) return call;
  return { ...call, medium: { ...call.medium, sip: { outgoing: { ...outgoing, password: sipPassword } } } };
});

const batch = new ScheduledBatch(
  config.require("resourceName"),
  {
    ...args,
    calls: calls as ScheduledBatchArgs["calls"],
    ...(agent === undefined ? {} : { agentId: agent.agentId }),
    ...(webhookSecret === undefined ? {} : { webhookSecret }),
  },
  {
    ...(importId === undefined ? {} : { import: importId }),
    ...(ignoreChanges === undefined ? {} : { ignoreChanges }),
  },
);

export const batchId = batch.batchId;
export const totalCount = batch.totalCount;
export const completedCount = batch.completedCount;
export const endedAt = batch.endedAt;
export const webhookSecretOut = batch.webhookSecret;
