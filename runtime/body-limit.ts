import type { NextFunction, Request, Response } from "express";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Webhook routes read their own body with a streamed 2 MB cap (app/webhooks/receive.server.ts); they are left to it. */
const ownCap = (path: string) => path.startsWith("/webhooks/");

class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
}

function refuse(req: Request, res: Response): void {
  if (res.headersSent) {
    req.destroy(new PayloadTooLargeError("request body over the limit"));
    return;
  }
  const message = "the request body must be at most 1 MB";
  // The rest of the body is never read, so the connection cannot be reused: close it once the answer is out.
  res.status(413).set("Connection", "close");
  const done = () => req.destroy(new PayloadTooLargeError(message));
  if (req.path.startsWith("/api/")) res.json({ error: { code: "payload_too_large", message, field: null } }).once("finish", done);
  else res.type("text/plain").send(message).once("finish", done);
}

/**
 * Caps every request body at 1 MB before anything buffers it: a declared Content-Length over the cap is refused
 * at once; a chunked (or undeclared) body is counted while it streams and refused as soon as it passes the cap.
 * Counting listens to the same 'data' events the Remix adapter consumes, so nothing is copied or held back.
 */
export function bodyLimit(req: Request, res: Response, next: NextFunction): void {
  if (ownCap(req.path)) return next();
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > MAX_BODY_BYTES) return refuse(req, res);
  let seen = 0;
  const count = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > MAX_BODY_BYTES) {
      req.off("data", count);
      refuse(req, res);
    }
  };
  req.on("data", count);
  next();
}

/** Once bodyLimit has answered 413, the route's own failed response has nowhere to go: drop its error instead of logging it. */
export const afterRefusal =
  (res: Response, next: NextFunction) =>
  (error?: unknown): void => {
    if (res.headersSent && res.statusCode === 413) return;
    next(error);
  };
