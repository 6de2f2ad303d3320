import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { providerReferences } from "../../db/schema/index";

export type ReferenceKind = "promotion_code" | "discount" | "payment";

/** Remembers what a provider id stands for; a later event naming it again replaces the target. */
export async function saveReference(db: Database, shopId: string, provider: string, kind: ReferenceKind, externalId: string, target: string): Promise<void> {
  await db
    .insert(providerReferences)
    .values({ shopId, provider, kind, externalId, target })
    .onConflictDoUpdate({ target: [providerReferences.shopId, providerReferences.provider, providerReferences.kind, providerReferences.externalId], set: { target } });
}

/** The targets of the ids given that are known, by id. */
export async function findReferences(db: Database, shopId: string, provider: string, kind: ReferenceKind, externalIds: string[]): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db
    .select({ externalId: providerReferences.externalId, target: providerReferences.target })
    .from(providerReferences)
    .where(
      and(
        eq(providerReferences.shopId, shopId),
        eq(providerReferences.provider, provider),
        eq(providerReferences.kind, kind),
        inArray(providerReferences.externalId, externalIds),
      ),
    );
  return new Map(rows.map((row) => [row.externalId, row.target]));
}
