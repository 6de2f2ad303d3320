/** What one CLI invocation printed and how it ended; the same shape in-process and over /internal/cli. */
export interface CliResult {
  exitCode: number;
  stdout: string[];
  stderr: string[];
}

export type CliRunner = (args: string[]) => Promise<CliResult>;
