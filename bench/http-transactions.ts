import { startTestApp } from "../test/helpers/app-server";
import { apiClient, shopWithKey } from "../test/helpers/api-client";
import { createPostgresDatabase } from "../test/helpers/databases";
import { measure, type BenchResult } from "./measure";

const REQUESTS = 1_000;
const CONCURRENCY = 8;

/** POST /api/v1/transactions over real HTTP against the built app on PostgreSQL, 8 requests in flight. */
export async function benchHttpTransactions(): Promise<BenchResult[]> {
  const postgres = await createPostgresDatabase();
  const app = await startTestApp({ database: { kind: "postgres", url: postgres.url } });
  try {
    const { key } = await shopWithKey(app.database.db, "bench.myshopify.com");
    const call = apiClient(app.url, key);
    const program = await call("POST", "/api/v1/programs", { name: "Bench", type: "affiliate", currency: "USD", hold_days: 0, commission: { type: "percentage", percent: 10 } });
    await call("POST", "/api/v1/partners", { program_id: program.body.id, email: "p@example.com", key: "BENCH" });
    await call("POST", "/api/v1/customers", { program_id: program.body.id, key: "c", referral_key: "BENCH" });
    const result = await measure(
      `POST /api/v1/transactions over HTTP (PostgreSQL, ${CONCURRENCY} in flight)`,
      REQUESTS,
      async (i) => {
        const response = await call("POST", "/api/v1/transactions", { program_id: program.body.id, customer_key: "c", key: `t${i}`, type: "sale", amount: 5_000, currency: "USD" });
        if (response.status !== 201) throw new Error(`unexpected ${response.status}`);
      },
      CONCURRENCY,
    );
    return [result];
  } finally {
    await app.close();
    await postgres.drop();
  }
}
