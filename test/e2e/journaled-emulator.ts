import { afterAll, beforeAll } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../src/emulator";
import { checkTrafficAfterEach } from "../openapi/traffic-check";

/**
 * One emulator for a test file, started before its tests and closed after them, journaling every
 * exchange; after each test, every request the file's programs sent and every answer must match the
 * API description. Call at the top level of the file.
 */
export function journaledEmulator(
  apiKey: string,
  options: Partial<EmulatorOptions> = {},
): {
  emulator: () => RunningEmulator;
  admin: () => EmulatorAdmin;
} {
  let emulator: RunningEmulator | undefined;
  let admin: EmulatorAdmin | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({
      ...options,
      clock: "manual",
      apiKeys: [apiKey],
      journalExchanges: true,
    });
    admin = new EmulatorAdmin(emulator);
  });

  afterAll(async () => {
    await emulator?.close();
  });

  checkTrafficAfterEach(() => emulator, { requests: "all" });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error("the emulator starts in beforeAll; use it inside a hook or test");
    return value;
  };
  return { emulator: () => started(emulator), admin: () => started(admin) };
}
