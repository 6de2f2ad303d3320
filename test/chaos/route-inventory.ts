import { readdirSync } from "node:fs";
import { projectRoot } from "../helpers/processes";

/** One route file of app/routes as a URL pattern: `/api/v1/partners/:key/balance`, `/auth/*`. */
export interface RouteEntry {
  file: string;
  /** Segments: literal text, `:name` for a parameter, `*` for a splat. */
  segments: string[];
  params: string[];
}

/**
 * The URL of every route file, read from app/routes with Remix's flat-routes rules (`.` is `/`, `$x` a parameter,
 * `[x]` an escaped literal, a trailing `_` opts out of layout nesting, `_index` is the index, a leading `_` is
 * pathless). Tests enumerate these, so a new route file is probed without anyone listing it.
 */
export function routeInventory(): RouteEntry[] {
  return readdirSync(`${projectRoot}/app/routes`)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file) && !file.includes(".test."))
    .sort()
    .map((file) => {
      const name = file.replace(/\.(tsx?|jsx?)$/, "");
      const segments: string[] = [];
      for (const raw of name.match(/(\[[^\]]*\]|[^.[\]]+)+/g) ?? []) {
        if (raw === "_index" || raw.startsWith("_")) continue;
        const segment = raw.replace(/_$/, "").replace(/\[([^\]]*)\]/g, "$1");
        if (segment === "$") segments.push("*");
        else if (segment.startsWith("$")) segments.push(`:${segment.slice(1)}`);
        else segments.push(segment);
      }
      return { file, segments, params: segments.filter((s) => s.startsWith(":")).map((s) => s.slice(1)) };
    });
}

/** encodeURIComponent, with lone surrogates (which it refuses) replaced as UTF-8 would. */
export const encodeLoosely = (value: string) => encodeURIComponent(Buffer.from(value, "utf8").toString("utf8"));

/** The route's path with each parameter (and splat) replaced by `valueOf(name)`, URL-encoded. */
export function pathOf(route: RouteEntry, valueOf: (param: string) => string): string {
  return `/${route.segments.map((s) => (s.startsWith(":") ? encodeLoosely(valueOf(s.slice(1))) : s === "*" ? encodeLoosely(valueOf("*")) : s)).join("/")}`;
}

export const routesUnder = (prefix: string) => routeInventory().filter((r) => `/${r.segments.join("/")}`.startsWith(prefix));
