import { describe, expect, it } from "vitest";
import { sniffImage } from "../../domain/creatives/sniff-image";
import { gifImage, pngImage, scriptedSvg } from "../helpers/test-images";

// A baseline JPEG header (SOI, APP0 JFIF, SOF0 of 300x250) and WebP VP8X/VP8L headers.
const jpeg = Buffer.from("ffd8ffe000104a46494600010100000100010000ffc0001108" + "00fa012c03012200021101031101", "hex");
const webpVp8x = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8X"), Buffer.alloc(8), Buffer.from([0x1f, 0x03, 0x00, 0xf9, 0x00, 0x00])]);
const vp8lBits = Buffer.alloc(4);
vp8lBits.writeUInt32LE((728 - 1) | ((90 - 1) << 14));
const webpVp8l = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8L"), Buffer.alloc(4), Buffer.from([0x2f]), vp8lBits, Buffer.alloc(4)]);

describe("sniffImage reads the type and size from the bytes", () => {
  it.each([
    ["PNG", pngImage(468, 60), { contentType: "image/png", width: 468, height: 60 }],
    ["GIF", gifImage(), { contentType: "image/gif", width: 1, height: 1 }],
    ["JPEG", jpeg, { contentType: "image/jpeg", width: 300, height: 250 }],
    ["WebP VP8X", webpVp8x, { contentType: "image/webp", width: 800, height: 250 }],
    ["WebP VP8L", webpVp8l, { contentType: "image/webp", width: 728, height: 90 }],
  ])("%s", (_name, bytes, expected) => {
    expect(sniffImage(bytes)).toEqual(expected);
  });

  it.each([
    ["an SVG (it can carry script)", scriptedSvg()],
    ["HTML named banner.png", Buffer.from("<html><script>alert(1)</script></html>")],
    ["a truncated PNG", pngImage(10, 10).subarray(0, 12)],
    ["nothing", Buffer.alloc(0)],
  ])("refuses %s", (_name, bytes) => {
    expect(sniffImage(bytes)).toBeNull();
  });
});
