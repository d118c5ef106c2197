/**
 * A batch that sends webhooks must sign them with a secret of its own (`webhookSecret`), so the
 * receiver can tell Ultravox's requests from forged ones. The URL is not repeated in the message:
 * URLs sometimes carry tokens.
 */
import type { Batch } from "./batch";

export function webhookSecretViolations(batch: Batch): string[] {
  if (batch.paused) return []; // a paused batch sends nothing, and pausing must never be blocked
  if (batch.webhookUrl === undefined || batch.hasWebhookSecret) return [];
  return [
    "webhookUrl is set but webhookSecret is not: set webhookSecret (as a Pulumi secret) so the receiver can verify each request",
  ];
}
