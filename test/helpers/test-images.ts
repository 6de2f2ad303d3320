import { encodePng } from "../../domain/shared/png-image";

/** A real PNG of one colour, as an image editor would save it. */
export const pngImage = (width: number, height: number, rgb: [number, number, number] = [0, 128, 96]) => encodePng(width, height, () => rgb);

/** A 1×1 transparent GIF. */
export const gifImage = () => Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

/** An SVG that runs script when opened as a document: what the upload must refuse. */
export const scriptedSvg = () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><rect width="10" height="10"/></svg>');
