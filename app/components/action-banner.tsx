import { Banner } from "@shopify/polaris";

type Result = { ok: true; message?: string } | { ok: false; errors: Record<string, string> } | undefined;

/** What an action did, or why it did not, above the page's content. */
export function ActionBanner({ result }: { result: Result }) {
  if (!result) return null;
  if (result.ok) return result.message ? <Banner tone="success">{result.message}</Banner> : null;
  return <Banner tone="critical">{Object.values(result.errors).join("; ")}</Banner>;
}
