import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

/** Raised when a stored secret cannot be decrypted with the configured keys; the message names what to check. */
export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

const PREFIX = "enc:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Key {
  id: string;
  cipherKey: Buffer;
}

function deriveKey(master: Buffer): Key {
  if (master.length !== 32) throw new Error("an encryption key must be 32 bytes");
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), info, 32));
  // The id names the key without revealing anything about it; a wrong key shows up as an unknown id.
  const id = createHmac("sha256", master).update("affiliate-hub key id").digest("hex").slice(0, 8);
  return { id, cipherKey: derive("affiliate-hub secrets v1") };
}

/**
 * Encrypts secrets at rest: AES-256-GCM under a key derived from ENCRYPTION_KEY, stored as
 * `enc:v1:<key id>:<base64url(iv | ciphertext | tag)>`, the header bound as associated data.
 * Values without the prefix were stored before encryption existed: open() returns them as they are.
 */
export class SecretBox {
  private readonly current: Key;
  private readonly keys: Map<string, Key>;
  private readonly master: Buffer;
  private readonly derived = new Map<string, Buffer>();

  constructor(current: Buffer, previous: Buffer[] = []) {
    this.master = current;
    this.current = deriveKey(current);
    this.keys = new Map([this.current, ...previous.map(deriveKey)].map((k) => [k.id, k]));
  }

  get keyId(): string {
    return this.current.id;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const header = `${PREFIX}${this.current.id}:`;
    const cipher = createCipheriv("aes-256-gcm", this.current.cipherKey, iv);
    cipher.setAAD(Buffer.from(header));
    const body = Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `${header}${body.toString("base64url")}`;
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [keyId, encoded] = stored.slice(PREFIX.length).split(":", 2);
    const key = this.keys.get(keyId ?? "");
    if (!key) {
      throw new SecretDecryptionError(
        `a stored secret was encrypted with key ${keyId}, which is neither ENCRYPTION_KEY (${this.current.id}) nor ENCRYPTION_KEY_PREVIOUS: set the key it was encrypted with`,
      );
    }
    const body = Buffer.from(encoded ?? "", "base64url");
    try {
      const decipher = createDecipheriv("aes-256-gcm", key.cipherKey, body.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(`${PREFIX}${keyId}:`));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretDecryptionError(`a stored secret under key ${keyId} failed authentication: it is corrupted or was altered`);
    }
  }

  /** true when the value is encrypted with the current key (rotation leaves it alone). */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${PREFIX}${this.current.id}:`);
  }

  /** A secret of its own for each purpose (e.g. hashing click IPs), derived from the current key. */
  derive(purpose: string): Buffer {
    // Remembered: the click beacon asks for its key on every request.
    let key = this.derived.get(purpose);
    if (!key) this.derived.set(purpose, (key = Buffer.from(hkdfSync("sha256", this.master, Buffer.alloc(0), `affiliate-hub ${purpose}`, 32))));
    return key;
  }
}
