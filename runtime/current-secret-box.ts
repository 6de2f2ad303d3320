import type { SecretBox } from "../domain/access/secret-box";

// Like db/current.ts: the Remix build bundles its own copy of this module, so the box set by startApp
// (from ENCRYPTION_KEY) is handed to the routes through a global key.
const KEY = Symbol.for("affiliate-hub.secret-box");
type Holder = { [KEY]?: SecretBox };

export function setCurrentSecretBox(box: SecretBox | undefined): void {
  (globalThis as Holder)[KEY] = box;
}

export function currentSecretBoxOrThrow(): SecretBox {
  const box = (globalThis as Holder)[KEY];
  if (!box) throw new Error("No encryption key is loaded in this process: start the app through server.ts");
  return box;
}

/** The key of click IP and user-agent fingerprints (recordClick), derived from ENCRYPTION_KEY. */
export const clickFingerprintKey = (): Buffer => currentSecretBoxOrThrow().derive("click fingerprints");
