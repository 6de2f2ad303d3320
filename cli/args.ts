export interface ParsedArgs {
  words: string[];
  flags: Record<string, string>;
}

export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/** `shops create --domain x.myshopify.com` -> words [shops, create], flags {domain}. `--flag=value` works too. */
export function parseArgs(args: string[]): ParsedArgs {
  const words: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (inline !== undefined) {
      flags[name] = inline;
      continue;
    }
    const value = args[i + 1];
    if (value === undefined || value.startsWith("--")) throw new CliUsageError(`--${name} needs a value`);
    flags[name] = value;
    i++;
  }
  return { words, flags };
}

export function requireFlag(flags: Record<string, string>, name: string): string {
  const value = flags[name]?.trim();
  if (!value) throw new CliUsageError(`--${name} is required`);
  return value;
}
