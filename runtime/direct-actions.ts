import { createReadableStreamFromReadable, type ActionFunction, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { afterRefusal } from "./body-limit";
import { sendResponse } from "./send-response";

// The hottest POSTs: every webhook, and the two click beacons.
const isDirect = (path: string) => path.startsWith("webhooks/") || path === "proxy/track" || path === "api/v1/clicks";

interface DirectRoute {
  /** Path segments, plain ones lower-cased; ":name" captures one segment as the param `name`. */
  segments: string[];
  action: ActionFunction;
}

/** The build's top-level direct routes that take a POST, plain and ":param" segments only. */
function directRoutesOf(build: ServerBuild): DirectRoute[] {
  return Object.values(build.routes)
    .filter((route) => route.parentId === "root" && route.path !== undefined && isDirect(route.path) && route.module.action)
    .map((route) => ({ segments: route.path!.split("/").map((s) => (s.startsWith(":") ? s : s.toLowerCase())), action: route.module.action! }))
    .filter((route) => route.segments.every((s) => s !== "" && !/[*?]/.test(s)))
    // Static routes first, as Remix ranks them.
    .sort((a, b) => a.segments.filter((s) => s.startsWith(":")).length - b.segments.filter((s) => s.startsWith(":")).length);
}

function match(routes: DirectRoute[], path: string): { route: DirectRoute; params: Record<string, string> } | undefined {
  let parts: string[];
  try {
    parts = path.replace(/^\/+|\/+$/g, "").split("/").map(decodeURIComponent);
  } catch {
    return undefined;
  }
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      if (segment.startsWith(":")) params[segment.slice(1)] = parts[i]!;
      else if (segment !== parts[i]!.toLowerCase()) return false;
      return true;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

/**
 * POST /webhooks/..., /proxy/track and /api/v1/clicks straight to their route module's action, skipping Remix's
 * request handler: Remix ranks all of the app's routes (twice) on every request, which costs a webhook or a click
 * more than verifying and storing it. The action is the same module Remix would call, with the same Request
 * (streamed body, headers, URL) and params; anything else goes on to Remix.
 */
export function directActions(build: ServerBuild) {
  const routes = directRoutesOf(build);
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction): void => {
    const found = req.method === "POST" ? match(routes, req.path) : undefined;
    if (!found) return next();
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const request = new Request(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`, {
      method: "POST",
      headers,
      body: createReadableStreamFromReadable(req),
      duplex: "half",
    } as RequestInit);
    const answer = async () => {
      try {
        const response = await found.route.action({ request, params: found.params, context: {} });
        if (!(response instanceof Response)) throw new Error(`the action of ${req.path} did not return a Response`);
        return response;
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        build.entry.module.handleError?.(thrown, { request, params: found.params, context: {} });
        if (!build.entry.module.handleError) console.error(thrown);
        return new Response("Unexpected Server Error", { status: 500, headers: { "Content-Type": "text/plain" } });
      }
    };
    answer()
      .then((response) => sendResponse(res, response))
      .catch(afterRefusal(res, next));
  };
}
