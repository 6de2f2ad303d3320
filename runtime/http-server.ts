import { timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ActionFunction, ServerBuild } from "@remix-run/node";
import express from "express";
import { afterRefusal, bodyLimit } from "./body-limit";
import type { CliRunner } from "./cli-runner";
import { sendResponse } from "./send-response";
import { webhookActions } from "./webhook-routes";

const serverBuildPath = resolve("build/index.js");

export async function loadServerBuild(): Promise<ServerBuild> {
  if (!existsSync(serverBuildPath)) throw new Error(`No Remix build at ${serverBuildPath}: run npm run build first`);
  return (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;
}

const isLoopback = (address: string | undefined) => address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";

function tokensMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface HttpServerOptions {
  build: ServerBuild;
  port: number;
  /** Present when this process owns an embedded PGlite: the CLI reaches it through /internal/cli. */
  cli?: { token: string; run: CliRunner };
}

/**
 * The click beacons, the app's hottest paths, go from express straight to their route module's action: Remix's
 * per-request route matching costs more than the beacon itself. Same module, same responses; anything but POST
 * (and any route missing from the build) still goes through Remix.
 */
const DIRECT_ACTIONS: Record<string, string> = { "/proxy/track": "routes/proxy.track", "/api/v1/clicks": "routes/api.v1.clicks" };

async function fetchRequestOf(req: express.Request): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return new Request(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`, { method: req.method, headers, body: Buffer.concat(chunks) });
}


function serveActionsDirectly(app: express.Express, build: ServerBuild): void {
  for (const [path, routeId] of Object.entries(DIRECT_ACTIONS)) {
    const action = build.routes[routeId]?.module.action as ActionFunction | undefined;
    if (!action) continue;
    app.post(path, async (req, res, next) => {
      try {
        const response = await action({ request: await fetchRequestOf(req), params: {}, context: {} });
        if (!(response instanceof Response)) throw new Error(`${routeId} action returned no Response`);
        await sendResponse(res, response);
      } catch (error) {
        if (error instanceof Response) await sendResponse(res, error).catch(afterRefusal(res, next));
        else afterRefusal(res, next)(error);
      }
    });
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<Server> {
  const app = express();
  app.disable("x-powered-by");
  app.use(bodyLimit);
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  if (options.cli) {
    const { token, run } = options.cli;
    app.post("/internal/cli", express.json({ limit: "64kb" }), async (req, res) => {
      const auth = req.get("authorization") ?? "";
      if (!isLoopback(req.socket.remoteAddress) || !tokensMatch(auth.replace(/^Bearer /, ""), token)) {
        res.status(401).json({ error: "unauthorized" });
        return;
      }
      const args = (req.body as { args?: unknown }).args;
      if (!Array.isArray(args) || !args.every((a) => typeof a === "string")) {
        res.status(400).json({ error: "args must be an array of strings" });
        return;
      }
      res.json(await run(args));
    });
  }
  app.post("/webhooks/*", webhookActions(options.build));
  serveActionsDirectly(app, options.build);
  const remix = createRequestHandler({ build: options.build, mode: process.env.NODE_ENV });
  app.all("*", (req, res, next) => void remix(req, res, afterRefusal(res, next)));
  return new Promise((resolvePromise, reject) => {
    const server = app.listen(options.port, () => resolvePromise(server));
    server.once("error", reject);
  });
}
