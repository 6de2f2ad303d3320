import { apiKeysCreate } from "./api-keys-create";
import type { CliCommand } from "./command";
import { connectionsCreate } from "./connections-create";
import { demoSeed } from "./demo-seed";
import { eventsReplay } from "./events-replay";
import { payoutsCreate, payoutsExport, payoutsImportPaypal, payoutsMarkFailed, payoutsMarkPaid } from "./payouts";
import { shopsCreate } from "./shops-create";

export const cliCommands: CliCommand[] = [shopsCreate, apiKeysCreate, connectionsCreate, demoSeed, eventsReplay, payoutsCreate, payoutsExport, payoutsMarkPaid, payoutsMarkFailed, payoutsImportPaypal];
