import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // End-to-end files drive the real Pulumi CLI; run files one at a time on our 2-core machines.
    fileParallelism: false,
    reporters: ["default"],
    // Console output of passing tests (figures, the messages a fault test provokes) stays out of the
    // run's output; a failing test's output is still shown.
    silent: "passed-only",
  },
});
