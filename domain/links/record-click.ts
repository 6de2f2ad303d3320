import { createHmac, randomUUID } from "node:crypto";
import type { Database } from "../../db/client";
import { invalid, notFound } from "../shared/errors";
import { writeClick, type ClickRow } from "./click-writer";
import { cachedPartnerByReferralKey } from "./referral-key-cache";

export type Click = ClickRow;

/**
 * Visitors' IPs and user agents are kept only as HMAC-SHA256 under a secret pepper (derived from ENCRYPTION_KEY),
 * per shop: enough to spot repeated clicks, but a stolen table cannot be reversed by hashing every IPv4 address.
 */
const clickFingerprint = (pepper: Buffer, shopId: string, value: string | null | undefined) =>
  value ? createHmac("sha256", pepper).update(`${shopId}\n${value}`).digest("hex") : null;

export async function recordClick(
  db: Database,
  shopId: string,
  input: { referralKey: string; url?: string | null; visitorId?: string | null; at?: Date; ip?: string | null; userAgent?: string | null },
  pepper: Buffer,
): Promise<Click> {
  const found = await cachedPartnerByReferralKey(db, shopId, input.referralKey);
  if (!found) throw notFound("referral key", "referral_key");
  if (found.partner.status !== "active") throw invalid("the partner of this referral key is not active", "referral_key");
  const click: ClickRow = {
    id: randomUUID(),
    shopId,
    programId: found.partner.programId,
    partnerId: found.partner.id,
    linkId: found.linkId,
    landingUrl: input.url ?? null,
    visitorId: input.visitorId ?? null,
    ipHash: clickFingerprint(pepper, shopId, input.ip),
    userAgentHash: clickFingerprint(pepper, shopId, input.userAgent),
    clickedAt: input.at ?? new Date(),
  };
  await writeClick(db, click);
  return click;
}
