import { rotateSecrets } from "../../domain/access/rotate-secrets";
import { secretBoxOf } from "../../runtime/config";
import type { CliCommand } from "./command";

export const secretsRotate: CliCommand = {
  name: "secrets rotate",
  usage: "secrets rotate   (re-encrypts stored secrets and tokens with ENCRYPTION_KEY; set the old one as ENCRYPTION_KEY_PREVIOUS)",
  async run(_flags, { db, config }) {
    return [JSON.stringify(await rotateSecrets(db, secretBoxOf(config)))];
  },
};
