import type { CreativeSummary } from "./create-creative";

const escapeAttribute = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The partner's referral link to the creative's target on the store: https://SHOP/collections/sale?ref=KEY. */
export function creativeLink(shopDomain: string, creative: Pick<CreativeSummary, "linkPath">, param: string, key: string): string {
  const url = new URL(creative.linkPath ?? "/", `https://${shopDomain}`);
  url.searchParams.set(param, key);
  return url.toString();
}

/** The HTML a partner pastes on their site: the banner, linking to the store with their own referral key. */
export function creativeSnippet(creative: Pick<CreativeSummary, "name" | "altText" | "width" | "height">, imageUrl: string, link: string): string {
  const size = creative.width && creative.height ? ` width="${creative.width}" height="${creative.height}"` : "";
  const alt = escapeAttribute(creative.altText ?? creative.name);
  return `<a href="${escapeAttribute(link)}" rel="sponsored"><img src="${escapeAttribute(imageUrl)}" alt="${alt}"${size}></a>`;
}
