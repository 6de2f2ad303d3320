import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { newsletterSubscriptions, partners } from "../../db/schema/index";
import { notFound } from "../shared/errors";
import { normalizeEmail } from "../shared/normalize";
import { hashToken } from "../shared/hash-token";
import type { Partner } from "../../db/schema/rows";

type Subscription = typeof newsletterSubscriptions.$inferSelect;

async function activate(db: Database, subscription: Subscription): Promise<Partner> {
  await db
    .update(newsletterSubscriptions)
    .set({ confirmedAt: new Date() })
    .where(and(eq(newsletterSubscriptions.id, subscription.id), isNull(newsletterSubscriptions.confirmedAt)));
  const [partner] = await db
    .update(partners)
    .set({ status: "active", updatedAt: new Date() })
    .where(and(eq(partners.shopId, subscription.shopId), eq(partners.id, subscription.partnerId), eq(partners.status, "pending")))
    .returning();
  if (partner) return partner;
  const [current] = await db.select().from(partners).where(eq(partners.id, subscription.partnerId));
  return current!;
}

/** The app's double opt-in link was followed: the subscriber is confirmed (again: nothing changes). */
export async function confirmSubscriberByToken(db: Database, shopId: string, token: string): Promise<Partner> {
  const [subscription] = await db
    .select()
    .from(newsletterSubscriptions)
    .where(and(eq(newsletterSubscriptions.shopId, shopId), eq(newsletterSubscriptions.tokenHash, hashToken(token))));
  if (!subscription) throw notFound("confirmation link", "token");
  return activate(db, subscription);
}

/** The email platform reported the subscriber confirmed (an incoming subscriber event). */
export async function confirmSubscriberByEmail(db: Database, shopId: string, programId: string, email: string): Promise<Partner> {
  const [row] = await db
    .select({ subscription: newsletterSubscriptions })
    .from(newsletterSubscriptions)
    .innerJoin(partners, eq(partners.id, newsletterSubscriptions.partnerId))
    .where(and(eq(newsletterSubscriptions.shopId, shopId), eq(newsletterSubscriptions.programId, programId), eq(partners.emailNormalized, normalizeEmail(email))));
  if (!row) throw notFound("subscriber", "email");
  return activate(db, row.subscription);
}
