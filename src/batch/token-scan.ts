/**
 * Which create tokens a batch's calls carry, read once per provider process (one `pulumi up`). The
 * look before each create reads the calls of every batch of the agent that no resource of this run
 * owns; remembering what each one carries means a run creating many batches reads each other batch
 * once, not once per create. A batch's tokens only change when its calls are replaced, and a batch
 * whose calls this run replaces belongs to a resource that is not creating. A failed read is not
 * remembered.
 */

import { isPlainObject } from "../json/plain-object";
import type { UltravoxClient } from "./client";
import { CREATE_TOKEN_KEY } from "./create-token";

const scans = new Map<string, Promise<ReadonlySet<string>>>();

/** Calls per page when scanning: the largest page the emulator serves; a smaller cap is followed by `next`. */
export const SCAN_PAGE_SIZE = 1000;

async function readTokens(
  client: UltravoxClient,
  agentId: string,
  batchId: string,
): Promise<ReadonlySet<string>> {
  const tokens = new Set<string>();
  // The order of listed calls is undocumented: read every page, not just the first call.
  for await (const call of client.listScheduledCalls(agentId, batchId, { pageSize: SCAN_PAGE_SIZE })) {
    const token = isPlainObject(call.metadata) ? call.metadata[CREATE_TOKEN_KEY] : undefined;
    if (typeof token === "string") tokens.add(token);
  }
  return tokens;
}

/**
 * The create tokens in the calls of `batchId` (usually none, or the one its create wrote). `fresh`
 * reads them again: after a create whose outcome is unknown, a batch still being written may have
 * been read before its calls were all there.
 */
export function tokensOf(
  client: UltravoxClient,
  agentId: string,
  batchId: string,
  options: { fresh?: boolean } = {},
): Promise<ReadonlySet<string>> {
  const key = `${agentId}/${batchId}`;
  const known = scans.get(key);
  if (known !== undefined && !options.fresh) return known;
  const scan = readTokens(client, agentId, batchId);
  scans.set(key, scan);
  scan.catch(() => scans.delete(key));
  return scan;
}

/** For tests: forget every scan. */
export function resetTokenScans(): void {
  scans.clear();
}
