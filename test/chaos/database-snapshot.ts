import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { rowsOf } from "../../db/rows";
import { inboundStatusOf } from "../../domain/ingest/inbound-event-status";

type Row = Record<string, unknown>;
/** Every table's rows, canonical: sorted, ids replaced by what they point at, no timestamps. */
export type Snapshot = Record<string, string[]>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Referenced tables first, so a row's label can name what it points at (commissions point at commissions: two passes). */
const LABEL_ORDER = [
  "shops", "programs", "commission_rules", "partner_groups", "partners", "links", "clicks", "provider_connections",
  "api_keys", "discounts", "coupon_codes", "customers", "customer_external_ids", "leads", "transactions",
  "payout_batches", "payouts", "commissions", "commissions",
];

type Label = (id: unknown) => string;
/** Short natural keys for the tables rows most often point at; other rows are named by their whole canonical content. */
const NATURAL_KEYS: Record<string, (row: Row, label: Label) => string> = {
  shops: (r) => String(r.domain),
  programs: (r, l) => `${l(r.shop_id)} ${r.name}`,
  commission_rules: (r, l) => `${l(r.program_id)} ${r.name} v${r.version}`,
  partners: (r, l) => `${l(r.program_id)} ${r.key}`,
  links: (r, l) => `${l(r.partner_id)} ${r.key}`,
  provider_connections: (r, l) => `${l(r.shop_id)} ${r.provider} ${r.name ?? ""}`,
  customers: (r, l) => `${l(r.shop_id)} ${r.key}`,
  transactions: (r, l) => `${l(r.shop_id)} ${r.provider}:${r.external_id}`,
  commissions: (r, l) => `${r.kind} ${r.amount} of ${l(r.transaction_id)} to ${l(r.partner_id)}${r.reverses_commission_id ? ` reversing ${l(r.reverses_commission_id)}` : ""}`,
};

/** Columns that differ between two runs only by how they got there (the job's attempts and error text) or by a random nonce (a sealed secret). */
const SKIPPED_COLUMNS: Record<string, string[]> = { inbound_events: ["attempts", "last_error"], provider_connections: ["secret"] };
const SKIPPED_TABLES = new Set(["__drizzle_migrations", "shopify_sessions"]);

/**
 * A run's end state, comparable with another database's: every table row by row, each id replaced by the natural
 * content of the row it names (recursively), so rows match by natural keys (a transaction by provider and external
 * id, a commission by its transaction, partner and amounts...) and not by generated ids or times.
 */
export async function snapshotDatabase(db: Database): Promise<Snapshot> {
  const tables = rowsOf<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`))
    .map((r) => r.tablename)
    .filter((t) => !SKIPPED_TABLES.has(t));
  const rows = new Map<string, Row[]>();
  for (const table of tables) rows.set(table, rowsOf<Row>(await db.execute(sql.raw(`select * from "${table}"`))));

  const labels = new Map<string, string>();
  const canonical = (table: string, row: Row): string => {
    const kept: Row = {};
    for (const [column, value] of Object.entries(row)) {
      if (column === "id" || column.endsWith("_at") || column === "hold_until" || value instanceof Date) continue;
      if (SKIPPED_COLUMNS[table]?.includes(column)) continue;
      kept[column] = value;
    }
    if (table === "inbound_events") kept.status = inboundStatusOf({ processedAt: row.processed_at as Date | null, abandonedAt: row.abandoned_at as Date | null, ignoredReason: row.ignored_reason as string | null });
    return stableJson(kept).replace(UUID, (id) => labels.get(id) ?? "<unknown id>");
  };
  for (const table of [...LABEL_ORDER, ...tables.filter((t) => !LABEL_ORDER.includes(t))]) {
    for (const row of rows.get(table) ?? []) {
      const key = NATURAL_KEYS[table]?.(row, (id) => labels.get(String(id)) ?? "?");
      labels.set(String(row.id), `${table}(${key ?? canonical(table, row)})`);
    }
  }
  const snapshot: Snapshot = {};
  for (const table of tables) snapshot[table] = (rows.get(table) ?? []).map((row) => canonical(table, row)).sort();
  return snapshot;
}

/** Per table, the rows only one side has: readable when a comparison fails. */
export function snapshotDifference(expected: Snapshot, actual: Snapshot): Record<string, { missing: string[]; unexpected: string[] }> {
  const difference: Record<string, { missing: string[]; unexpected: string[] }> = {};
  for (const table of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    const left = [...(expected[table] ?? [])];
    const unexpected: string[] = [];
    for (const row of actual[table] ?? []) {
      const at = left.indexOf(row);
      if (at >= 0) left.splice(at, 1);
      else unexpected.push(row);
    }
    if (left.length || unexpected.length) difference[table] = { missing: left, unexpected };
  }
  return difference;
}

/** JSON with object keys sorted at every depth. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Row)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** Row counts per table, for "nothing was stored" checks. */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = rowsOf<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`));
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    if (SKIPPED_TABLES.has(tablename)) continue;
    counts[tablename] = Number(rowsOf<{ n: unknown }>(await db.execute(sql.raw(`select count(*) as n from "${tablename}"`)))[0]!.n);
  }
  return counts;
}
