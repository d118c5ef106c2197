import type { CallsFileResult } from "./calls-file";
import type { CpuRow } from "./check-diff-cpu";
import type { CreateLookResult } from "./create-look";
import type { DoorsResult } from "./doors";
import type { MachineFacts } from "./machine";
import type { NoopResult } from "./noop-runs";
import type { CopiesResult } from "./plugin-copies";
import type { ScaleResult } from "./scale";
import type { StateCostResult } from "./state-cost";
import type { ThroughputResult } from "./throughput";
import type { WireCase } from "./wire-cost";

/** Everything one `npm run bench` measured: written as BENCHMARKS.json and rendered as BENCHMARKS.md. */
export interface BenchResults {
  generatedAt: string;
  totalWallMs: number;
  machine: MachineFacts;
  runs: { cli: number; cpu: number; throughput: number; scale: number; doors: number };
  wireCost: { cases: WireCase[] };
  noop: NoopResult;
  checkDiffCpu: CpuRow[];
  stateCost: StateCostResult;
  throughput: ThroughputResult;
  scale: ScaleResult;
  doors: DoorsResult;
  copies: CopiesResult;
  /** Section 10 (`--only create-look` merges it into BENCHMARKS.json). */
  createLook?: CreateLookResult;
  /** Section 11 (`--only calls-file` merges it into BENCHMARKS.json). */
  callsFile?: CallsFileResult;
}
