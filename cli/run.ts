import { SecretDecryptionError } from "../domain/access/secret-box";
import { DomainError } from "../domain/shared/errors";
import type { CliResult, CliRunner } from "../runtime/cli-runner";
import { CliUsageError, parseArgs } from "./args";
import type { CliContext } from "./commands/command";
import { cliCommands } from "./commands/index";

export function usage(): string[] {
  return ["Usage: npm run cli -- <command>", ...cliCommands.map((c) => `  ${c.usage}`)];
}

/** Runs one CLI command against an open database. Failures become exit code 1 and a one-line reason. */
export async function runCliCommand(args: string[], context: CliContext): Promise<CliResult> {
  try {
    const { words, flags } = parseArgs(args);
    const name = words.join(" ");
    if (name === "" || name === "help") return { exitCode: 0, stdout: usage(), stderr: [] };
    const command = cliCommands.find((c) => c.name === name);
    if (!command) throw new CliUsageError(`unknown command "${name}"; commands: ${cliCommands.map((c) => c.name).join(", ")}`);
    return { exitCode: 0, stdout: await command.run(flags, context), stderr: [] };
  } catch (error) {
    const reason =
      error instanceof CliUsageError || error instanceof DomainError || error instanceof SecretDecryptionError
        ? error.message
        : `unexpected error: ${(error as Error).message}`;
    return { exitCode: 1, stdout: [], stderr: [`error: ${reason}`] };
  }
}

export const createCliRunner =
  (context: () => CliContext): CliRunner =>
  (args) =>
    runCliCommand(args, context());
