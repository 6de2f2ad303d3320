import { randomBytes } from "node:crypto";
import { openDatabase, type DatabaseTarget } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { createPostgresDatabase } from "../test/helpers/databases";
import { referredCustomerFixture } from "../test/helpers/domain-fixture";
import { measure, type BenchResult } from "./measure";

const SALES = 2_000;

/** Sales with attribution and a commission each, then a partial refund of every tenth, through the domain use-case. */
async function run(label: string, target: DatabaseTarget): Promise<BenchResult> {
  const handle = await openDatabase(target);
  await migrateDatabase(handle);
  const f = await referredCustomerFixture(handle.db);
  const run = randomBytes(3).toString("hex");
  const result = await measure(`record sale + commission (${label})`, SALES, async (i) => {
    await f.record({ externalId: `${run}-${i}`, amount: 1_000 + i });
    if (i % 10 === 0) await f.record({ externalId: `${run}-r${i}`, type: "refund", amount: 100, refundsExternalId: `${run}-${i}` });
  });
  await handle.close();
  return result;
}

export async function benchRecordTransactions(): Promise<BenchResult[]> {
  const postgres = await createPostgresDatabase();
  try {
    return [await run("PGlite in memory", { kind: "pglite", dataDir: null }), await run("PostgreSQL", { kind: "postgres", url: postgres.url })];
  } finally {
    await postgres.drop();
  }
}
