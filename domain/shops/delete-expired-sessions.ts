import { lt } from "drizzle-orm";
import type { Database } from "../../db/client";
import { shopifySessions } from "../../db/schema/index";

export async function deleteExpiredSessions(db: Database, now: Date): Promise<number> {
  const deleted = await db.delete(shopifySessions).where(lt(shopifySessions.expires, now)).returning({ id: shopifySessions.id });
  return deleted.length;
}
