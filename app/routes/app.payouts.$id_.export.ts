import type { LoaderFunctionArgs } from "@remix-run/node";
import { payoutExportFormats } from "../../domain/payouts/payout-export-formats";
import { streamPayoutExport } from "../../domain/payouts/stream-payout-export";
import { payoutExportResponse } from "../api/payout-export-response.server";
import { oneOf } from "../admin/list-params.server";
import { orNotFound } from "../admin/or-not-found.server";
import { requireShop } from "../admin/require-shop.server";
import { db } from "../db.server";

/** The batch's CSV for the admin's download links: the same stream as GET /api/v1/payout-batches/:id/export. */
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  const format = oneOf(new URL(request.url).searchParams.get("format"), payoutExportFormats);
  if (!format) throw new Response(`format must be one of ${payoutExportFormats.join(", ")}`, { status: 400 });
  return payoutExportResponse(await orNotFound(streamPayoutExport(db(), shop.id, params.id!, format)), params.id!, format);
};
