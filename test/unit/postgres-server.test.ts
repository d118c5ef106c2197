import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, expect, it } from "vitest";
import { startPostgres } from "../../scripts/lib/postgres-server";

/** The state-backend tests must fail, never skip, when PostgreSQL is not there to start. */

const saved = process.env.PG_BIN;
afterEach(() => {
  if (saved === undefined) delete process.env.PG_BIN;
  else process.env.PG_BIN = saved;
});

it("without initdb, starting the server fails and says what to install", async () => {
  process.env.PG_BIN = fs.mkdtempSync(path.join(os.tmpdir(), "no-postgres-"));
  await expect(startPostgres()).rejects.toThrow(/initdb was not found .*apt-get install postgresql/);
});
