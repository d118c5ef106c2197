import * as fs from "node:fs";

/**
 * Peak resident memory of the processes one `pulumi` command starts, by role. Every few milliseconds
 * a sampler walks the tree of processes below this one (from the kernel's child lists, so other
 * users' runs on a shared machine never count) and reads each one's VmHWM from /proc/<pid>/status: the
 * kernel's own high-water mark of its resident set, which only grows. The last value read before a
 * process exits is therefore its peak, short of what it gained in its last sampling interval
 * (when it has finished its work and waits for the engine to close it). Linux only.
 */

export type Role = "engine" | "provider" | "program";
export type PeakMemory = Record<Role, number | null>;

const INTERVAL_MS = 25;

interface Proc {
  ppid: number;
  cmdline: string;
}

function readProc(pid: number): Proc | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    return { ppid, cmdline };
  } catch {
    return undefined; // exited meanwhile
  }
}

function highWaterBytes(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a process is for. The provider: the plugin (`pulumi-resource-ultravox`, or the bench's
 * trivial control plugin) or the dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`,
 * started by the `pulumi-resource-pulumi-nodejs` shell script). The program: the Node.js language
 * host's child, or the YAML language host itself (it runs a YAML program in process).
 */
function roleOf(proc: Proc, parent: Proc | undefined): Role | undefined {
  const cmd = proc.cmdline;
  if (/pulumi-resource-ultravox|plugin\/main\.js|bench-control-plugin|cmd\/dynamic-provider/.test(cmd))
    return "provider";
  if (/pulumi-language-yaml/.test(cmd)) return "program";
  if (/\bnode\b/.test(cmd) && parent && /pulumi-language-nodejs/.test(parent.cmdline)) return "program";
  if (/(^|\/)pulumi (preview|up|refresh|destroy|import)\b/.test(cmd)) return "engine";
  return undefined;
}

/** The pids below `pid`, from the kernel's per-thread child lists. */
function descendants(pid: number, into: number[] = []): number[] {
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return into; // exited meanwhile
  }
  for (const tid of tids) {
    let children = "";
    try {
      children = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8");
    } catch {}
    for (const child of children.split(" ").filter(Boolean).map(Number)) {
      into.push(child);
      descendants(child, into);
    }
  }
  return into;
}

/** Starts sampling; `stop` returns each role's peak (the largest of its processes) in bytes. */
export function samplePeakMemory(): { stop: () => PeakMemory } {
  const peaks: PeakMemory = { engine: null, provider: null, program: null };
  const sample = () => {
    const procs = new Map<number, Proc>();
    for (const pid of descendants(process.pid)) {
      const proc = readProc(pid);
      if (proc) procs.set(pid, proc);
    }
    for (const [pid, proc] of procs) {
      const role = roleOf(proc, procs.get(proc.ppid));
      if (role === undefined) continue;
      const hwm = highWaterBytes(pid);
      if (hwm !== undefined) peaks[role] = Math.max(peaks[role] ?? 0, hwm);
    }
  };
  const timer = setInterval(sample, INTERVAL_MS);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

/** Runs `fn`, sampling while it runs when `enabled`; its value and the peaks (all null when not sampled). */
export async function withPeakMemory<T>(
  fn: () => Promise<T>,
  enabled = true,
): Promise<{ value: T; peaks: PeakMemory }> {
  if (!enabled) return { value: await fn(), peaks: { engine: null, provider: null, program: null } };
  const sampler = samplePeakMemory();
  try {
    const value = await fn();
    return { value, peaks: sampler.stop() };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}
