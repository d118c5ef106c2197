/**
 * The part of `pulumi preview --json` the plan reads: each step's operation, URN, type, and the
 * old and new inputs and outputs. Everything else in the document is let through untouched.
 */
import { z } from "zod";

const resourceState = z.looseObject({
  type: z.string().optional(),
  id: z.string().optional(),
  /** Removing the resource from the program sends no delete: the live object stays, unmanaged. */
  retainOnDelete: z.boolean().optional(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
});

const step = z.looseObject({
  op: z.string(),
  urn: z.string(),
  oldState: resourceState.optional(),
  newState: resourceState.optional(),
  diffReasons: z.array(z.string()).optional(),
  replaceReasons: z.array(z.string()).optional(),
  detailedDiff: z.record(z.string(), z.unknown()).nullish(),
});

const diagnostic = z.looseObject({
  message: z.string().optional(),
  severity: z.string().optional(),
  urn: z.string().optional(),
});

export const previewJson = z
  .looseObject({
    steps: z.array(step).optional(),
    changeSummary: z.record(z.string(), z.unknown()).optional(),
    diagnostics: z.array(diagnostic).default([]),
  })
  // Anything else (`{}`, a `pulumi stack export`, an update's JSON) is not a plan: refused, never
  // read as "nothing changes".
  .refine((value) => value.steps !== undefined || value.changeSummary !== undefined, {
    message:
      "it has neither `steps` nor `changeSummary` (a `pulumi stack export`, or another command's JSON?)",
  })
  .transform((value) => ({ ...value, steps: value.steps ?? [] }));

export type PreviewJson = z.infer<typeof previewJson>;
export type PreviewStep = PreviewJson["steps"][number];

/** Parses the CLI's output; the error names what is wrong, for a user who piped the wrong file. */
export function parsePreviewJson(text: string): PreviewJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the input is not JSON (${reason}): pipe in \`pulumi preview --json\``);
  }
  const parsed = previewJson.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(top level)";
    throw new Error(`the input is not \`pulumi preview --json\` output: ${where}: ${issue?.message}`);
  }
  return parsed.data;
}
