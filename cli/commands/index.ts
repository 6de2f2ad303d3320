import { apiKeysCreate } from "./api-keys-create";
import { apiKeysList } from "./api-keys-list";
import { apiKeysRevoke } from "./api-keys-revoke";
import type { CliCommand } from "./command";
import { connectionsCreate } from "./connections-create";
import { demoSeed } from "./demo-seed";
import { eventsReplay } from "./events-replay";
import { payoutsCreate, payoutsExport, payoutsImportPaypal, payoutsMarkFailed, payoutsMarkPaid } from "./payouts";
import { secretsRotate } from "./secrets-rotate";
import { shopsCreate } from "./shops-create";

export const cliCommands: CliCommand[] = [shopsCreate, apiKeysCreate, apiKeysList, apiKeysRevoke, connectionsCreate, demoSeed, eventsReplay, secretsRotate, payoutsCreate, payoutsExport, payoutsMarkPaid, payoutsMarkFailed, payoutsImportPaypal];
