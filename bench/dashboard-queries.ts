import { eq, like } from "drizzle-orm";
import { openDatabase, type DatabaseHandle, type DatabaseTarget } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { programs, shops } from "../db/schema/index";
import { partnerBalances } from "../domain/commissions/partner-balances";
import { findPartnerById } from "../domain/partners/find-partner";
import { partnerActivity } from "../domain/partners/partner-activity";
import { partnerDetails } from "../domain/partners/partner-details";
import { partnerDashboard } from "../domain/portal/partner-dashboard";
import { dashboardSummary } from "../domain/reports/dashboard-summary";
import { createPostgresDatabase } from "../test/helpers/databases";
import type { BenchResult } from "./measure";
import { busiestPartnerId, seedBusyShop, type BusyShopSize } from "../test/helpers/busy-shop";

const SIZE: BusyShopSize = { partners: 1_000, clicks: Number(process.env.BENCH_CLICKS ?? 1_000_000), orders: Number(process.env.BENCH_ORDERS ?? 100_000), days: 365 };
const RUNS = 5;
const DAY = 86_400_000;

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm: plans and pages cached, as for a merchant reloading the page
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** What the admin dashboard, the admin partner page and the partner portal load, against a shop of SIZE. */
async function benchOn(label: string, target: DatabaseTarget): Promise<BenchResult[]> {
  const handle: DatabaseHandle = await openDatabase(target);
  try {
    await migrateDatabase(handle);
    const db = handle.db;
    const seedStarted = performance.now();
    const { shop, program } = (await seededBusyShop(db)) ?? (await seedBusyShop(db, SIZE));
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(`seeded ${label}: ${SIZE.clicks} clicks, ${SIZE.orders} orders, ${SIZE.partners} partners in ${seedSeconds.toFixed(1)} s`);
    const partnerId = await busiestPartnerId(db, shop.id);
    const partner = (await findPartnerById(db, shop.id, partnerId))!;
    const to = new Date(Math.ceil(Date.now() / DAY) * DAY);
    const period = (days: number) => ({ from: new Date(to.getTime() - days * DAY), to });
    const queries: Array<[string, () => Promise<unknown>]> = [
      ["admin dashboard, 30 days", () => dashboardSummary(db, shop.id, period(30))],
      ["admin dashboard, 90 days", () => dashboardSummary(db, shop.id, period(90))],
      [
        "admin partner page (busiest partner)",
        () =>
          Promise.all([
            findPartnerById(db, shop.id, partnerId),
            partnerActivity(db, shop.id, partnerId),
            partnerBalances(db, shop.id, partnerId),
            partnerDetails(db, shop.id, [partner]),
          ]),
      ],
      ["partner portal dashboard (busiest partner)", () => partnerDashboard(db, shop.id, partner, program)],
    ];
    const results: BenchResult[] = [];
    for (const [name, run] of queries) {
      const ms = await median(run);
      results.push({ name: `${name}, ${label} (median of ${RUNS}: ${ms.toFixed(1)} ms; goal < 300 ms)`, operations: 1, seconds: ms / 1000, perSecond: 1000 / ms });
      console.log(`  ${results.at(-1)!.name}`);
    }
    return results;
  } finally {
    await handle.close();
  }
}

/** The busy shop a kept database (BENCH_DATABASE_URL) already holds: seeding it takes minutes. */
async function seededBusyShop(db: DatabaseHandle["db"]) {
  const [shop] = await db.select().from(shops).where(like(shops.domain, "busy-%")).limit(1);
  if (!shop) return undefined;
  const [program] = await db.select().from(programs).where(eq(programs.shopId, shop.id)).limit(1);
  return { shop, program: program! };
}

/**
 * Dashboard queries on a shop with 1,000,000 clicks and 100,000 orders, on PostgreSQL and on PGlite (in memory).
 * BENCH_KEEP_DB=1 keeps the seeded PostgreSQL database and prints its URL; BENCH_DATABASE_URL=that URL reuses it;
 * BENCH_SKIP_POSTGRES / BENCH_SKIP_PGLITE leave one out; BENCH_CLICKS and BENCH_ORDERS shrink the shop.
 */
export async function benchDashboardQueries(): Promise<BenchResult[]> {
  const kept = process.env.BENCH_DATABASE_URL;
  const results: BenchResult[] = [];
  if (!process.env.BENCH_SKIP_POSTGRES) {
    const postgres = kept ? { url: kept, drop: async () => undefined } : await createPostgresDatabase();
    try {
      results.push(...(await benchOn("PostgreSQL", { kind: "postgres", url: postgres.url })));
    } finally {
      if (!process.env.BENCH_KEEP_DB) await postgres.drop();
      else console.log(`kept ${postgres.url}`);
    }
  }
  if (!process.env.BENCH_SKIP_PGLITE) results.push(...(await benchOn("PGlite", { kind: "pglite", dataDir: null })));
  return results;
}
