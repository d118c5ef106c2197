import { describe, expect, it } from "vitest";
import {
  AGENT,
  batchPath,
  checked,
  createBatch,
  goodArgs,
  OTHER_AGENT,
  type Props,
  provider,
  rejection,
  useEmulator,
} from "./harness";

/**
 * The re-dial guard inside the lifecycle (src/resource/lifecycle.ts): it fails a program's diff with
 * no request, never refresh's own diff (the engine diffs refreshed outputs against the stored inputs).
 */

const env = useEmulator();

/** The batch's outputs as if a refresh had counted `completed` placed calls. */
const placed = (outs: Props, completed: number): Props => ({ ...outs, completedCount: completed });

describe("the re-dial guard in diff", () => {
  it("refuses a calls edit on a batch with placed calls, with no request", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const news = await checked(
      { ...args, calls: [...(args.calls as unknown[]), ...(args.calls as unknown[])] },
      args,
    );
    await env.admin.clearJournal();
    const error = await rejection(provider.diff!(id, placed(outs, 1), news));
    expect(error.message).toContain(`changing the calls of batch ${id}, which has placed calls`);
    expect(error.message).toContain(`allowRedialOf: "${id}"`);
    expect(await env.admin.journal()).toEqual([]);
    // Named by allowRedialOf, the same change diffs as an ordinary update.
    const allowed = await checked(
      { ...args, calls: [...(args.calls as unknown[]), ...(args.calls as unknown[])], allowRedialOf: id },
      args,
    );
    expect(await provider.diff!(id, placed(outs, 1), allowed)).toMatchObject({ changes: true, replaces: [] });
  });

  it("refuses a replace before the agent's GET", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const news = await checked({ ...args, agentId: OTHER_AGENT }, args);
    await env.admin.clearJournal();
    expect((await rejection(provider.diff!(id, placed(outs, 2), news))).message).toContain(
      `replacing batch ${id} (agentId changes)`,
    );
    expect(await env.admin.journal()).toEqual([]);
  });

  it("refresh's own diff (a read since the last check) runs no guard and never fails", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const stored = await checked(args, args);
    // Deleted outside Pulumi after some calls were placed: the refresh makes a tombstone.
    await env.admin.request("DELETE", batchPath(id, AGENT));
    const refreshed = await provider.read!(id, placed(outs, 3));
    await env.admin.clearJournal();
    // The engine diffs the refreshed outputs (a tombstone) against the stored inputs: no refusal.
    expect(await provider.diff!(id, refreshed.props, stored)).toMatchObject({ changes: false });
    // The program's diff (after its check) is judged: the tombstone's re-create is refused.
    const news = await checked(args, args);
    expect((await rejection(provider.diff!(id, refreshed.props, news))).message).toContain(
      `batch ${id} was deleted outside Pulumi`,
    );
    expect(await env.admin.journal()).toEqual([]);
  });
});
