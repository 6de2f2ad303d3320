import { apiKeysCreate } from "./api-keys-create";
import type { CliCommand } from "./command";
import { connectionsCreate } from "./connections-create";
import { demoSeed } from "./demo-seed";
import { eventsReplay } from "./events-replay";
import { shopsCreate } from "./shops-create";

export const cliCommands: CliCommand[] = [shopsCreate, apiKeysCreate, connectionsCreate, demoSeed, eventsReplay];
