import { readSignedValue, signValue } from "../proxy/form-token.server";

const PURPOSE = "admin-creative-image";
const VALID_MS = 3_600_000;

/**
 * An admin page's <img> carries no session token, so the admin shows a creative through a link signed with the
 * app secret for one shop and one creative, valid an hour.
 */
export function adminCreativeImageUrl(shopId: string, creativeId: string, now = Date.now()): string {
  return `/creatives/${creativeId}?t=${encodeURIComponent(signValue(PURPOSE, `${shopId}.${creativeId}.${now + VALID_MS}`))}`;
}

/** The shop a signed admin image link was made for, when it is genuine, for this creative and not expired. */
export function shopOfCreativeImageUrl(creativeId: string, token: string | null, now = Date.now()): string | null {
  const [shopId, id, expires] = readSignedValue(PURPOSE, token)?.split(".") ?? [];
  return shopId && id === creativeId && Number(expires) > now ? shopId : null;
}
