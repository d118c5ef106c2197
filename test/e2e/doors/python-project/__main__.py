"""One scheduled batch whose inputs come from stack config, through the generated Python SDK."""

import re

import pulumi
import pulumi_ultravox as ultravox

# `batch`: the inputs as JSON. Secrets come from secret config: `webhookSecret`, and `sipPassword`,
# which replaces the placeholder "$sipPassword" in any SIP call's password.
config = pulumi.Config()


def snake(name: str) -> str:
    """A schema name as the SDK's keyword argument: windowStart -> window_start."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def with_password(call: dict) -> dict:
    outgoing = call.get("medium", {}).get("sip", {}).get("outgoing")
    if outgoing is not None and outgoing.get("password") == "$sipPassword":
        outgoing["password"] = config.require_secret("sipPassword")
    return call


# Top-level names become keyword arguments; calls stay as written (dicts, the schema's names).
inputs = {snake(name): value for name, value in config.require_object("batch").items()}
inputs["calls"] = [with_password(call) for call in inputs["calls"]]
# `agent` (JSON, optional): an Agent the program declares too; the batch then takes its `agentId`.
agent_args = config.get_object("agent")
if agent_args:
    agent = ultravox.Agent("agent", name=agent_args["name"], call_template=agent_args.get("callTemplate"))
    inputs["agent_id"] = agent.agent_id
campaign = ultravox.ScheduledBatch(
    "campaign",
    webhook_secret=config.get_secret("webhookSecret"),
    # Never two batches dialing at once, also on `pulumi up --replace`.
    opts=pulumi.ResourceOptions(delete_before_replace=True),
    **inputs,
)

pulumi.export("batchId", campaign.batch_id)
pulumi.export("totalCount", campaign.total_count)
