/**
 * The campaign-pattern examples (docs/campaign-patterns.md): several batches each, so they follow
 * their own steps in campaign-patterns.e2e.test.ts instead of the one-batch user path.
 */
export const PATTERN_EXAMPLES = ["monthly-runs", "added-calls", "do-not-call", "do-not-call-yaml"] as const;
