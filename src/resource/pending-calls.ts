/**
 * The pending calls of a batch read with the provider's settings: what the dynamic door's
 * `pendingCalls` and the plugin's `ultravox:index:getPendingCalls` invoke share.
 */
import { UltravoxClient } from "../batch/client";
import { type PendingCalls, parsePendingCallsArgs, readPendingCalls } from "../batch/pending-calls";
import { retryLine } from "../http/retry-log";
import { type ConfigSource, resolveSettings } from "./config";

/**
 * The pending calls read with the settings `config` resolves (then the environment). The numbers in
 * `excludeTo` are scrubbed from every error message, as the API key is.
 */
export async function readPendingCallsWith(
  config: ConfigSource | undefined,
  args: unknown,
): Promise<PendingCalls> {
  const checked = parsePendingCallsArgs(args);
  const settings = resolveSettings(config);
  if (!settings.apiKey) {
    throw new Error(
      "getPendingCalls: no Ultravox API key: run `pulumi config set --secret ultravox:apiKey <key>` or set ULTRAVOX_API_KEY.",
    );
  }
  const client = new UltravoxClient({
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
    requestTimeoutMs: settings.requestTimeoutMs,
    retry: settings.retry,
    secrets: checked.excludeTo ?? [],
    onRetry: (info) => process.stderr.write(`${retryLine(info, settings.retry)}\n`),
  });
  return readPendingCalls(client, checked);
}
