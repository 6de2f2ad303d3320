import { lookup } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPrivateAddress } from "./is-private-address";

export interface SendResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const TIMEOUT_MS = 10_000;

/**
 * POSTs the body, refusing (unless `allowPrivate`, for local mode) any URL whose host is or resolves to a
 * private, loopback or link-local address. The check runs on the address actually connected to, so DNS
 * rebinding cannot slip past it. Never throws: failures come back as `error`.
 */
export async function sendWebhookRequest(url: string, headers: Record<string, string>, body: string, allowPrivate: boolean): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): SendResult => ({ statusCode, error, durationMs: Math.round(performance.now() - started) });
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return done(null, "the endpoint URL is not a valid URL");
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") return done(null, "the endpoint URL must be http or https");
  const host = target.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate && isIP(host) && isPrivateAddress(host)) return done(null, `refused: ${host} is a private, loopback or link-local address`);
  const guardedLookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const refused = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (refused) return callback(new Error(`refused: ${hostname} resolves to private, loopback or link-local address ${refused.address}`));
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    })) as unknown as LookupFunction;
  return new Promise<SendResult>((resolve) => {
    const request = (target.protocol === "https:" ? https : http).request(
      target,
      { method: "POST", headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body).toString() }, lookup: guardedLookup, timeout: TIMEOUT_MS },
      (response) => {
        response.resume(); // the receiver's body is not kept
        response.on("end", () => resolve(done(response.statusCode ?? null, null)));
        response.on("error", (error) => resolve(done(response.statusCode ?? null, error.message)));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => resolve(done(null, error.message)));
    request.end(body);
  });
}
