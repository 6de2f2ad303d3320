import type express from "express";

/** Writes a fetch Response (a route action's answer) to express: status, every header, the body. */
export async function sendResponse(res: express.Response, response: Response): Promise<void> {
  res.status(response.status);
  for (const [name, value] of response.headers) res.append(name, value);
  res.end(Buffer.from(await response.arrayBuffer()));
}
