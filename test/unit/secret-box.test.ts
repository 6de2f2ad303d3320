import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox, SecretDecryptionError } from "../../domain/access/secret-box";

const k1 = randomBytes(32);
const k2 = randomBytes(32);

describe("SecretBox", () => {
  it("seals into enc:v1:<key id>:... without the plaintext, and opens it again", () => {
    const box = new SecretBox(k1);
    const sealed = box.seal("whsec_super_secret_value");
    expect(sealed).toMatch(new RegExp(`^enc:v1:${box.keyId}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain("whsec_super_secret_value");
    expect(box.open(sealed)).toBe("whsec_super_secret_value");
    expect(box.isCurrent(sealed)).toBe(true);
  });

  it("uses a fresh IV each time: the same secret never seals to the same text", () => {
    const box = new SecretBox(k1);
    expect(box.seal("same")).not.toBe(box.seal("same"));
  });

  it("returns values stored before encryption (no prefix) as they are, and they are not current", () => {
    const box = new SecretBox(k1);
    expect(box.open("whsec_plain_legacy")).toBe("whsec_plain_legacy");
    expect(box.isCurrent("whsec_plain_legacy")).toBe(false);
  });

  it("opens values of the previous key when it is given, and reseals them under the current one", () => {
    const old = new SecretBox(k1).seal("shpat_token");
    const rotated = new SecretBox(k2, [k1]);
    expect(rotated.isCurrent(old)).toBe(false);
    const resealed = rotated.seal(rotated.open(old));
    expect(new SecretBox(k2).open(resealed)).toBe("shpat_token");
  });

  it("fails clearly with a wrong key, naming ENCRYPTION_KEY_PREVIOUS", () => {
    const sealed = new SecretBox(k1).seal("x-secret");
    expect(() => new SecretBox(k2).open(sealed)).toThrow(SecretDecryptionError);
    expect(() => new SecretBox(k2).open(sealed)).toThrow(/encrypted with key [0-9a-f]{8}, which is neither ENCRYPTION_KEY .* nor ENCRYPTION_KEY_PREVIOUS/);
  });

  it("refuses an altered value (GCM authentication)", () => {
    const box = new SecretBox(k1);
    const sealed = box.seal("x-secret");
    const body = Buffer.from(sealed.split(":")[3]!, "base64url");
    body[body.length - 20]! ^= 1;
    const tampered = `enc:v1:${box.keyId}:${body.toString("base64url")}`;
    expect(() => box.open(tampered)).toThrow(/failed authentication/);
  });

  it("derives a distinct, stable secret per purpose", () => {
    const box = new SecretBox(k1);
    expect(box.derive("click fingerprints").equals(new SecretBox(k1).derive("click fingerprints"))).toBe(true);
    expect(box.derive("click fingerprints").equals(box.derive("other"))).toBe(false);
    expect(box.derive("click fingerprints").equals(k1)).toBe(false);
  });
});
