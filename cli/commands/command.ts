import type { Database } from "../../db/client";
import type { AppConfig } from "../../runtime/config";

export interface CliContext {
  db: Database;
  config: AppConfig;
}

export interface CliCommand {
  /** The words that name it, e.g. "api-keys create". */
  name: string;
  usage: string;
  /** Lines for stdout; throw to fail with a one-line reason. */
  run(flags: Record<string, string>, context: CliContext): Promise<string[]>;
}
