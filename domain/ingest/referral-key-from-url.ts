import type { Program } from "../../db/schema/rows";

/** The referral key in a landing URL, in the program's link formats: `?ref=KEY` (any configured parameter) or `/r/KEY`. */
export function referralKeyFromUrl(landingUrl: string, program: Pick<Program, "linkParams" | "linkPathPrefix">): string | undefined {
  let url: URL;
  try {
    url = new URL(landingUrl, "https://store.invalid");
  } catch {
    return undefined;
  }
  for (const param of program.linkParams) {
    const value = url.searchParams.get(param)?.trim();
    if (value) return value;
  }
  const prefix = program.linkPathPrefix?.replace(/\/+$/, "");
  if (prefix && url.pathname.startsWith(`${prefix}/`)) {
    const key = decodeURIComponent(url.pathname.slice(prefix.length + 1).split("/")[0] ?? "");
    if (key) return key;
  }
  return undefined;
}
