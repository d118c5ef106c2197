"""Two outbound Twilio calls as one Ultravox scheduled batch, through the provider plugin."""

import pulumi
import pulumi_ultravox as ultravox

config = pulumi.Config()


def twilio_call(to: str, customer_name: str) -> ultravox.CallArgs:
    return ultravox.CallArgs(
        medium=ultravox.CallMediumArgs(
            twilio=ultravox.CallMediumTwilioArgs(
                outgoing=ultravox.CallMediumTwilioOutgoingArgs(to=to, from_="+14155550100"),
            ),
        ),
        template_context={"customerName": customer_name},
    )


campaign = ultravox.ScheduledBatch(
    "campaign",
    agent_id=config.require("agentId"),
    paused=config.require_bool("paused"),
    calls=[
        twilio_call("+14155550101", "Ada"),
        twilio_call("+14155550102", "Grace"),
    ],
    # Never two batches dialing at once, also on `pulumi up --replace`.
    opts=pulumi.ResourceOptions(delete_before_replace=True),
)

pulumi.export("batchId", campaign.batch_id)
pulumi.export("totalCount", campaign.total_count)
