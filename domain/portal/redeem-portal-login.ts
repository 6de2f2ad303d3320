import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { portalLogins } from "../../db/schema/index";
import { DomainError } from "../shared/errors";
import { hashToken } from "../shared/hash-token";
import { joinProgramByEmail } from "./join-program-by-email";
import type { Partner, PortalLogin } from "../../db/schema/rows";

/**
 * Uses a one-time sign-in link: one conditional UPDATE, so of two concurrent uses exactly one wins; an unknown,
 * expired or used token (or another shop's) gives null. A pending application is made now that the email is
 * confirmed; when it cannot be (already a partner, program closed since) the sign-in still succeeds.
 */
export async function redeemPortalLogin(
  db: Database,
  shopId: string,
  token: string,
  now = new Date(),
): Promise<{ login: PortalLogin; joined: Partner | null } | null> {
  if (!token || token.length > 100) return null;
  const [login] = await db
    .update(portalLogins)
    .set({ usedAt: now })
    .where(and(eq(portalLogins.shopId, shopId), eq(portalLogins.tokenHash, hashToken(token)), isNull(portalLogins.usedAt), gt(portalLogins.expiresAt, now)))
    .returning();
  if (!login) return null;
  if (!login.application) return { login, joined: null };
  try {
    const joined = await joinProgramByEmail(db, shopId, { programId: login.application.programId, email: login.email, name: login.application.name });
    return { login, joined };
  } catch (error) {
    if (error instanceof DomainError) return { login, joined: null };
    throw error;
  }
}

/** Whether a sign-in link is still usable (shown before the visitor presses the button that uses it). */
export async function isPortalLoginUsable(db: Database, shopId: string, token: string, now = new Date()): Promise<boolean> {
  if (!token || token.length > 100) return false;
  const [row] = await db
    .select({ id: portalLogins.id })
    .from(portalLogins)
    .where(and(eq(portalLogins.shopId, shopId), eq(portalLogins.tokenHash, hashToken(token)), isNull(portalLogins.usedAt), gt(portalLogins.expiresAt, now)));
  return row !== undefined;
}
