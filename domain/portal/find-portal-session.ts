import { and, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { portalLogins } from "../../db/schema/index";
import { isUuid } from "../shared/ids";
import type { PortalLogin } from "../../db/schema/rows";

/** How long a portal session lasts after its link was used. Short, because the session travels in URLs. */
export const PORTAL_SESSION_MINUTES = 120;

/** The sign-in a portal session stands for, while it lasts and is not revoked; another shop's is absent. */
export async function findPortalSession(db: Database, shopId: string, loginId: string, now = new Date()): Promise<PortalLogin | undefined> {
  if (!isUuid(loginId)) return undefined;
  const [login] = await db
    .select()
    .from(portalLogins)
    .where(
      and(
        eq(portalLogins.shopId, shopId),
        eq(portalLogins.id, loginId),
        isNotNull(portalLogins.usedAt),
        gt(portalLogins.usedAt, new Date(now.getTime() - PORTAL_SESSION_MINUTES * 60_000)),
        isNull(portalLogins.revokedAt),
      ),
    );
  return login;
}

/** Signing out: the session's token stops working at once, wherever its URL was copied. */
export async function revokePortalSession(db: Database, shopId: string, loginId: string, now = new Date()): Promise<void> {
  if (!isUuid(loginId)) return;
  await db
    .update(portalLogins)
    .set({ revokedAt: now })
    .where(and(eq(portalLogins.shopId, shopId), eq(portalLogins.id, loginId), isNull(portalLogins.revokedAt)));
}
