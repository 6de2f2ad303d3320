import { request as httpRequest } from "node:http";

/**
 * One HTTP request with node:http, resolving on the answer even when the server cuts an oversized upload short
 * (fetch reports that as ECONNRESET and loses the status).
 */
export function rawRequest(url: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; text: string; location?: string }> {
  return new Promise((resolve, reject) => {
    // An explicit length: without it node:http sends DELETE bodies in a way the server refuses with a bare 400.
    const length = init.body === undefined ? {} : { "content-length": String(Buffer.byteLength(init.body)) };
    const req = httpRequest(url, { method: init.method, headers: { ...init.headers, ...length }, agent: false });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, text, location: res.headers.location }));
      res.on("error", () => resolve({ status: res.statusCode!, text }));
    });
    req.on("error", (error) => {
      if (!answered) setTimeout(() => !answered && reject(error), 1_000);
    });
    req.end(init.body);
  });
}
