// Public entry point of the Ultravox batch API emulator (package export "pulumi-ultravox/emulator").
export { startEmulator } from "./server";
export type {
  BehaviourOptions,
  ClockMode,
  EmulatorOptions,
  FaultSpec,
  JournalEntry,
  JournalExchange,
  PatchCallsPolicy,
  PausedResumePolicy,
  RunningEmulator,
  UnknownThrottlePolicy,
} from "./types";
