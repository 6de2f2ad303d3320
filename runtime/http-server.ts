import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { afterRefusal, bodyLimit } from "./body-limit";
import type { CliRunner } from "./cli-runner";
import { safeEqual } from "../domain/shared/safe-equal";
import { directActions } from "./direct-actions";

const serverBuildPath = resolve("build/index.js");

export async function loadServerBuild(): Promise<ServerBuild> {
  if (!existsSync(serverBuildPath)) throw new Error(`No Remix build at ${serverBuildPath}: run npm run build first`);
  return (await import(pathToFileURL(serverBuildPath).href)) as ServerBuild;
}

const isLoopback = (address: string | undefined) => address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";

interface HttpServerOptions {
  build: ServerBuild;
  port: number;
  /** Present when this process owns an embedded PGlite: the CLI reaches it through /internal/cli. */
  cli?: { token: string; run: CliRunner };
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
      if (!isLoopback(req.socket.remoteAddress) || !safeEqual(auth.replace(/^Bearer /, ""), token)) {
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
  app.post("*", directActions(options.build));
  const remix = createRequestHandler({ build: options.build, mode: process.env.NODE_ENV });
  app.all("*", (req, res, next) => void remix(req, res, afterRefusal(res, next)));
  return new Promise((resolvePromise, reject) => {
    const server = app.listen(options.port, () => resolvePromise(server));
    server.once("error", reject);
  });
}
