import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { routeMarker } from "./liquid-route";

/**
 * The storefront renders an application/liquid response inside the theme's layout. React escapes HTML; Liquid
 * delimiters in text a partner typed ("{{", "{%") are escaped too, so nobody's input runs as Liquid.
 */
export function liquidPage(element: ReactElement, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const markup = renderToStaticMarkup(element).replace(/\{(?=[{%])/g, "&#123;").replace(routeMarker, "{{ routes.$1 }}");
  return new Response(markup, {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/liquid; charset=utf-8", "Cache-Control": "no-store", ...init.headers },
  });
}

/** A redirect the storefront follows: the location is on the shop's domain, under the proxy path. */
export const storefrontRedirect = (location: string) => new Response(null, { status: 303, headers: { Location: location } });
