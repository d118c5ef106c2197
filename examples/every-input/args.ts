import type * as pulumi from "@pulumi/pulumi";
import type { ScheduledBatchArgs } from "pulumi-ultravox";

/**
 * A batch that uses every input and every call medium (the README's usage example). Mixing media
 * Ultravox dials itself with ones it does not is allowed; the latter make `webhookUrl` required.
 */
export function everyInputArgs(
  webhookSecret: pulumi.Input<string> | undefined,
  sipPassword: pulumi.Input<string> | undefined,
): ScheduledBatchArgs {
  return {
    agentId: "6c8d3c1e-2f4b-4a7e-9b1d-0e5f7a9c3b21", // changing it replaces the batch
    windowStart: "2030-01-15T09:00:00-05:00", // any offset; stored as UTC (14:00:00Z)
    windowEnd: "2030-01-15T17:00:00-05:00",
    paused: false, // true stops the campaign (the service cannot resume it)
    throttle: "gentle", // name or id of a call throttle
    // Required when any call has a medium Ultravox does not dial itself (webRtc, serverWebSocket,
    // exotel, sip.incoming, twilio/telnyx/plivo without `outgoing`, or none); forbidden otherwise.
    webhookUrl: "https://hooks.example.com/ultravox/batch",
    webhookSecret, // omit it and the server picks one (exposed as a secret output)
    // adoptBatchId: "…", // take over an existing batch instead of creating one
    calls: [
      {
        medium: {
          twilio: {
            outgoing: { to: "+14155550101", from: "+14155550100", additionalParams: { record: true } },
            dtmfHandling: { userTextMessage: { text: "Pressed {digits}", urgency: "URGENCY_SOON" } },
          },
        },
        metadata: { customerId: "c-101" }, // string values; keys must not start with "ultravox." or "pulumi-ultravox."
        templateContext: { firstName: "Ada" }, // variables for the agent's templates
        experimentalSettings: {},
      },
      { medium: { telnyx: { outgoing: { to: "+14155550102", from: "+14155550100" } } } },
      { medium: { plivo: { outgoing: { to: "+14155550103", from: "+14155550100" } } } },
      {
        medium: {
          sip: {
            outgoing: {
              to: "sip:ada@pbx.example.com",
              from: "campaigns",
              username: "uv",
              ...(sipPassword === undefined ? {} : { password: sipPassword }),
            },
          },
        },
      },
      { medium: { webRtc: { dataMessages: { transcript: true, callEvent: true } } } },
      {
        medium: {
          serverWebSocket: {
            inputSampleRate: 16000,
            outputSampleRate: 16000,
            clientBufferSizeMs: 60,
            mediaIdleTimeout: "30s",
          },
        },
      },
      { medium: { exotel: { dtmfHandling: { ignore: true } } } },
      { medium: { sip: { incoming: {} } } },
    ],
  };
}
