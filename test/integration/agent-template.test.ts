import { describe, expect, it } from "vitest";
import {
  checked,
  createBatch,
  goodArgs,
  OTHER_AGENT,
  PHONE,
  type Props,
  provider,
  UNKNOWN,
  useEmulator,
} from "./harness";

/**
 * The provider's prompt-variable check: when a batch moves to another agent, the one GET the
 * preview sends for that agent also brings its callTemplate, and every call's templateContext must
 * fill the variables its systemPrompt uses and satisfy its contextSchema, or the diff fails naming
 * the call and the variable, before anything is deleted.
 */

const env = useEmulator({
  agentCallTemplates: {
    [OTHER_AGENT]: {
      systemPrompt: "You are calling {{customerName}} about order {{order.id}}. {{#vip}}Thank them.{{/vip}}",
      contextSchema: {
        type: "object",
        properties: { customerName: { type: "string" }, order: { type: "object" } },
        required: ["customerName"],
      },
    },
  },
});

/** goodArgs' two calls (a WebRTC call without context, a twilio call to PHONE) with `contexts`. */
function withContexts(args: Props, ...contexts: unknown[]): Props {
  const calls = (args.calls as Props[]).map((call, i) => ({ ...call, templateContext: contexts[i] }));
  return { ...args, calls };
}

describe("a batch moving to an agent whose prompt uses variables", () => {
  it("fails the diff naming each call and the variable it lacks, never the number", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    await env.admin.clearJournal();

    const news = await checked({ ...args, agentId: OTHER_AGENT }, args);
    const failure = provider.diff!(id, outs, news);
    await expect(failure).rejects.toThrow(
      [
        `calls: the templateContext of these calls does not fit agent ${OTHER_AGENT}'s call template, whose variables would be spoken unfilled. Nothing was changed.`,
        "  call #1: templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}}); templateContext lacks order.id, which the agent's systemPrompt uses ({{order.id}})",
        "  call #2: templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}}); templateContext lacks order.id, which the agent's systemPrompt uses ({{order.id}})",
      ].join("\n"),
    );
    await expect(failure).rejects.not.toThrow(PHONE.slice(-7));
    // Still the one read-only request a preview may send, and nothing deleted.
    const journal = await env.admin.journal();
    expect(journal.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `GET /api/agents/${OTHER_AGENT} 200`,
    ]);
  });

  it("names a contextSchema violation by path", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const fits = { customerName: "Ada", order: { id: "o-1" } };
    const moved = withContexts({ ...args, agentId: OTHER_AGENT }, fits, {
      customerName: 7,
      order: { id: 9 },
    });
    const news = await checked(moved, args);
    await expect(provider.diff!(id, outs, news)).rejects.toThrow(
      /\n {2}call #2: templateContext\.customerName must be string \(contextSchema\)$/,
    );
  });

  it("passes calls that fill every variable, and calls whose context is not known yet", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const fits = { customerName: "Ada", order: { id: "o-1" } };
    const moved = withContexts({ ...args, agentId: OTHER_AGENT }, fits, UNKNOWN);
    const news = await checked(moved, args);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: ["agentId"] });
  });
});
