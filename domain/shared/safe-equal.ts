import { createHash, timingSafeEqual } from "node:crypto";

/** Constant-time equality of two strings of any length (both are hashed first, so lengths leak nothing). */
export function safeEqual(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
