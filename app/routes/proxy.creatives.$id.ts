import type { LoaderFunctionArgs } from "@remix-run/node";
import { findCreativeImage } from "../../domain/creatives/find-creative-image";
import { creativeImageResponse, creativeNotFound } from "../creative-image-response.server";
import { db } from "../db.server";
import { authenticateProxy } from "../proxy/authenticate-proxy.server";

/** An hour: an archived or deleted banner disappears from partners' sites within that. */
const CACHE = "public, max-age=3600";

/**
 * https://SHOP/apps/partners/creatives/ID: a creative's image, for the portal and for partners' own sites (it is
 * public like any banner). Only this shop's creatives that are not archived.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await authenticateProxy(request);
  const image = await findCreativeImage(db(), shop.id, params.id ?? "");
  return image ? creativeImageResponse(request, image, CACHE) : creativeNotFound();
}
