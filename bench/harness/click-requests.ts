import { signedProxyUrl } from "../../test/helpers/app-proxy-signer";
import type { LoadRequest, RequestFactoryModule } from "./load";

export interface ClickParams {
  /** `proxy`: the storefront beacon POST /proxy/track, signed; `api`: POST /api/v1/clicks with an API key. */
  endpoint: "proxy" | "api";
  shop: string;
  /** The app secret (`proxy`) or the API key (`api`). */
  secret: string;
  /** Keeps visitor ids and addresses unique across runs against the same server. */
  runId: number;
  referralKey: string;
  userAgent: string;
}

/** 10.x.y.z from the low 24 bits: a distinct address for 16.7 million clicks. */
const ipOf = (unique: number) => `10.${(unique >> 16) & 255}.${(unique >> 8) & 255}.${unique & 255}`;

/**
 * Clicks, each with its own visitor id and client address, so the per-address rate limit never trips. Beacon URLs
 * are signed per request, as the app proxy signature is valid for only 90 s.
 */
const clickRequests: RequestFactoryModule = (raw) => {
  const params = raw as ClickParams;
  const url = `https://${params.shop}/products/x?ref=${params.referralKey}`;
  return (n: number): LoadRequest => {
    const unique = params.runId * 1_000_000 + n;
    const visitorId = `visitor-${unique}`;
    if (params.endpoint === "proxy") {
      return {
        method: "POST",
        path: signedProxyUrl("", "/track", { shop: params.shop, secret: params.secret }),
        headers: { "content-type": "application/json", "user-agent": params.userAgent, "x-forwarded-for": ipOf(unique) },
        body: JSON.stringify({ referral_key: params.referralKey, url, visitor_id: visitorId }),
      };
    }
    return {
      method: "POST",
      path: "/api/v1/clicks",
      headers: { "content-type": "application/json", "user-agent": params.userAgent, authorization: `Bearer ${params.secret}` },
      body: JSON.stringify({ referral_key: params.referralKey, url, visitor_id: visitorId, ip: ipOf(unique), user_agent: params.userAgent }),
    };
  };
};

export default clickRequests;
