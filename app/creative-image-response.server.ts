/** A creative's bytes, checked at upload to be PNG, JPEG, GIF or WebP; nosniff keeps browsers from reading them as anything else. */
export function creativeImageResponse(request: Request, image: { data: Buffer; contentType: string; sha256: string }, cacheControl: string): Response {
  const etag = `"${image.sha256}"`;
  const headers = {
    "Content-Type": image.contentType,
    "Cache-Control": cacheControl,
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "cross-origin",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.data), { status: 200, headers: { ...headers, "Content-Length": String(image.data.length) } });
}

export const creativeNotFound = () => new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
