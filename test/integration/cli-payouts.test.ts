import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { updatePartner } from "../../domain/partners/update-partner";
import type { Environment } from "../../runtime/config";
import { loadConfig } from "../../runtime/config";
import { startApp, type RunningApp } from "../../runtime/start";
import { createPostgresDatabase } from "../helpers/databases";
import { referredCustomerFixture } from "../helpers/domain-fixture";
import { runCli } from "../helpers/processes";
import { TEST_REDIS_URL } from "../helpers/redis-server";

const lastJson = (text: string) => JSON.parse(text.trimEnd().split("\n").at(-1)!) as Record<string, unknown>;

/** One contract whichever way the CLI reaches the database. */
function payoutsContract(env: () => Environment, db: () => Database) {
  it("creates a batch, exports every format to a file, marks it paid once", async () => {
    const f = await referredCustomerFixture(db(), { holdDays: 0 });
    await updatePartner(db(), f.shop.id, "PARTNER", { payoutMethod: "paypal", payoutDetails: { email: "pay@example.com" } });
    await f.record({ externalId: "o1", amount: 10_000 });
    const shop = f.shop.domain;

    const created = await runCli(["payouts", "create", "--shop", shop], env());
    expect(created.code).toBe(0);
    const batch = lastJson(created.stdout);
    expect(batch).toMatchObject({ currency: "USD", status: "draft", payout_count: 1, total_amount: 1_000 });

    const dir = mkdtempSync(join(tmpdir(), "ah-payout-export-"));
    for (const format of ["paypal", "wise", "generic"]) {
      // A path relative to the shell's directory, which the running app (not this shell) resolves correctly.
      const out = relative(process.cwd(), join(dir, `${format}.csv`));
      const result = await runCli(["payouts", "export", "--shop", shop, "--batch", String(batch.id), "--format", format, "--out", out], env());
      expect(result.code).toBe(0);
      expect(lastJson(result.stdout)).toEqual({ batch: batch.id, format, out: join(dir, `${format}.csv`) });
    }
    expect(readFileSync(join(dir, "paypal.csv"), "utf8")).toBe("pay@example.com,10.00,USD,PARTNER,Affiliate payout,PAYPAL\r\n");
    expect(readFileSync(join(dir, "wise.csv"), "utf8")).toBe("name,recipientEmail,paymentReference,receiverType,amountCurrency,amount,sourceCurrency,targetCurrency,type\r\n");
    expect(parse(readFileSync(join(dir, "generic.csv"), "utf8"), { columns: true })).toMatchObject([{ partner_key: "PARTNER", amount_minor: "1000" }]);

    const paid = await runCli(["payouts", "mark-paid", "--shop", shop, "--batch", String(batch.id)], env());
    expect(lastJson(paid.stdout)).toMatchObject({ status: "paid", marked: 1 });
    expect(lastJson((await runCli(["payouts", "mark-paid", "--shop", shop, "--batch", String(batch.id)], env())).stdout)).toMatchObject({ marked: 0 });

    const refused = await runCli(["payouts", "export", "--shop", shop, "--batch", String(batch.id), "--format", "xlsx", "--out", "x.csv"], env());
    expect(refused).toMatchObject({ code: 1, stderr: "error: --format must be one of paypal, wise, generic\n" });
    const nothing = await runCli(["payouts", "create", "--shop", shop], env());
    expect(nothing).toMatchObject({ code: 1, stderr: "error: no partner has a USD balance at or above the program's payout threshold\n" });
  }, 180_000);
}

describe("payouts CLI against PostgreSQL", () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    database = await createPostgresDatabase();
    handle = await openDatabase({ kind: "postgres", url: database.url });
    await migrateDatabase(handle);
  });
  afterAll(async () => {
    await handle.close();
    await database.drop();
  });
  payoutsContract(() => ({ DATABASE_URL: database.url }), () => handle.db);
});

describe("payouts CLI against a running app that owns its embedded PGlite", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "ah-cli-payouts-"));
  let app: RunningApp;
  beforeAll(async () => {
    const config = { ...loadConfig({ ...process.env, DATA_DIR: dataDir }), redisUrl: TEST_REDIS_URL };
    app = await startApp({ config, web: true, worker: false, port: 0, log: () => undefined });
  });
  afterAll(() => app?.close());
  payoutsContract(() => ({ DATA_DIR: dataDir }), () => app.database.db);
});
