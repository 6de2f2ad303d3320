import type { LoaderFunctionArgs } from "@remix-run/node";
import { findCreativeImage } from "../../domain/creatives/find-creative-image";
import { shopOfCreativeImageUrl } from "../admin/creative-image-url.server";
import { db } from "../db.server";
import { creativeImageResponse, creativeNotFound } from "../creative-image-response.server";

/** A creative's image for the admin's own pages, through a signed link (see adminCreativeImageUrl). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const shopId = shopOfCreativeImageUrl(id, new URL(request.url).searchParams.get("t"));
  const image = shopId ? await findCreativeImage(db(), shopId, id, { includeArchived: true }) : undefined;
  return image ? creativeImageResponse(request, image, "private, max-age=3600") : creativeNotFound();
}
