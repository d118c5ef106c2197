"""Two outbound Twilio calls as one Ultravox scheduled batch, through the provider plugin.

The calls come from contacts.csv, handed to the batch as a file (`calls_file`): the engine hashes
it, the provider reads it, and state keeps its hash and a count, never a phone number or a name.
"""

import pulumi
import pulumi_ultravox as ultravox

config = pulumi.Config()

campaign = ultravox.ScheduledBatch(
    "campaign",
    agent_id=config.require("agentId"),
    paused=config.require_bool("paused"),
    # Relative to this folder (the project directory).
    calls_file=pulumi.FileAsset("contacts.csv"),
    calls_file_columns=ultravox.CallsFileColumnsArgs(
        columns={
            "medium.twilio.outgoing.to": "phone",
            "templateContext.customerName": "customer_name",
        },
        fixed={"medium.twilio.outgoing.from": config.require("callerId")},
    ),
    # Never two batches dialing at once, also on `pulumi up --replace`.
    opts=pulumi.ResourceOptions(delete_before_replace=True),
)

pulumi.export("batchId", campaign.batch_id)
pulumi.export("totalCount", campaign.total_count)
