import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A throwaway PostgreSQL server for a Pulumi state backend (`postgres://`): a fresh cluster in a
 * temporary folder, listening on loopback (and a socket in that folder), stopped and deleted by
 * `stop()`. PostgreSQL refuses to run as root, and CI runs as root: then every server command
 * runs as the `postgres` user through `runuser`. Any failure throws with the server's log, so a
 * test that needs the database fails loudly instead of skipping.
 */

export interface PostgresServer {
  /** `postgres://…` for `pulumi login` or PULUMI_BACKEND_URL. */
  url: string;
  /**
   * A login that can only read the state table (SELECT), for jobs that must never write state;
   * its `postgres://…` URL. Call it after the state table exists (the first `pulumi` command).
   */
  readOnlyUrl(role: string): string;
  stop(): void;
}

const DATABASE = "pulumi_state";
const ROLE = "pulumi";

/** The folder holding initdb and pg_ctl: PG_BIN, then Debian's newest /usr/lib/postgresql/N/bin. */
export function postgresBin(): string {
  const candidates = process.env.PG_BIN ? [process.env.PG_BIN] : debianBinFolders();
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "initdb")));
  if (!found) {
    throw new Error(
      "PostgreSQL's initdb was not found (looked in PG_BIN, then /usr/lib/postgresql/*/bin). " +
        "Install it (Debian: apt-get install postgresql) or set PG_BIN; .ci/run installs it.",
    );
  }
  return found;
}

function debianBinFolders(): string[] {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(root, version, "bin"));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  const asRoot = process.getuid?.() === 0;
  // As root, the server runs as `postgres`, which must own its folder.
  const run = (tool: string, args: string[]): string => {
    const [command, fullArgs] = asRoot
      ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
    return execFileSync(command, fullArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-pg-"));
  if (asRoot) {
    const owner = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const group = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    fs.chownSync(dir, Number(owner), Number(group));
  }
  const data = path.join(dir, "data");
  const log = path.join(dir, "server.log");
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`;
  const stop = (): void => {
    try {
      run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    } catch {
      // Not running (start failed): nothing to stop.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run("initdb", ["-D", data, "-A", "trust", "-U", ROLE, "--no-sync"]);
    run("pg_ctl", ["-D", data, "-o", options, "-l", log, "-w", "start"]);
    run("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", ROLE, DATABASE]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const serverLog = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "(no server log)";
    stop();
    throw new Error(`PostgreSQL could not start: ${detail}\n--- server log\n${serverLog}`);
  }
  const urlFor = (role: string) => `postgres://${role}@127.0.0.1:${port}/${DATABASE}?sslmode=disable`;
  const readOnlyUrl = (role: string): string => {
    if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`not a plain role name: ${role}`);
    const sql = `CREATE ROLE ${role} LOGIN; GRANT SELECT ON pulumi_state TO ${role};`;
    execFileSync(
      path.join(bin, "psql"),
      ["-h", "127.0.0.1", "-p", String(port), "-U", ROLE, "-d", DATABASE, "-v", "ON_ERROR_STOP=1", "-c", sql],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    return urlFor(role);
  };
  return { url: urlFor(ROLE), readOnlyUrl, stop };
}
