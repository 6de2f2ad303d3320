import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { Database } from "../../db/client";
import { db } from "../db.server";
import { authenticateApiKey } from "./auth.server";
import { errorResponse, toErrorResponse } from "./errors.server";

export interface ApiContext {
  db: Database;
  shopId: string;
  request: Request;
  params: Record<string, string | undefined>;
  url: URL;
}

type Handler = (context: ApiContext) => Promise<Response>;

/** One handler per HTTP method; authenticates the key first, then maps thrown errors to the API's error shape. */
export function apiRoute(handlers: Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>) {
  const run = async ({ request, params }: LoaderFunctionArgs | ActionFunctionArgs) => {
    try {
      const shopId = await authenticateApiKey(db(), request);
      const handler = handlers[request.method as keyof typeof handlers];
      if (!handler) {
        return errorResponse(405, "method_not_allowed", `${request.method} is not allowed here; use ${Object.keys(handlers).join(", ")}`);
      }
      return await handler({ db: db(), shopId, request, params, url: new URL(request.url) });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
  return { loader: run, action: run };
}

export const created = (body: unknown) => Response.json(body, { status: 201 });
export const ok = (body: unknown) => Response.json(body, { status: 200 });
