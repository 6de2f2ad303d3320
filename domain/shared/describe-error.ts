type ErrorLike = { name?: string; message?: string; code?: unknown; cause?: unknown; stack?: string };

// Quoted values in a database message ("invalid input syntax for type uuid: "x"", "value "9" is out of range") are
// data; quoted names after these words are schema, and stay.
const QUOTED_VALUE = /(?<!\b(?:constraint|relation|column|table|index|function|schema|database|type|sequence|operator)\s)"[^"]*"/gi;
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[a-z]{2,}/gi;

function describeOne(error: ErrorLike, isCause: boolean): string {
  const message = String(error.message ?? "");
  // Drizzle's query error reads "Failed query: <sql>\nparams: <values>": the SQL says what failed, the values are data.
  if (message.startsWith("Failed query: ")) return `DrizzleQueryError: ${message.replace(/\nparams: [\s\S]*$/, "")}`;
  return `${error.name ?? "Error"}: ${isCause ? message.replace(QUOTED_VALUE, '"…"') : message}`;
}

/**
 * One line that says what failed and why, for logs and stored error texts, without the data: a failed query keeps its
 * SQL and the database's error (code and message with quoted values removed) but never its parameters, and anything
 * shaped like an email is replaced. Walks the `cause` chain (at most 4 deep).
 */
export function describeError(error: unknown, options: { stack?: boolean; maxLength?: number } = {}): string {
  if (!(error instanceof Error) && (typeof error !== "object" || error === null)) return String(error).replace(EMAIL, "[email]").slice(0, options.maxLength ?? 2000);
  const parts: string[] = [];
  let current = error as ErrorLike | undefined;
  for (let depth = 0; current && typeof current === "object" && depth < 4; depth++, current = current.cause as ErrorLike | undefined) {
    const text = describeOne(current, depth > 0);
    const code = depth > 0 && typeof current.code === "string" ? ` [${current.code}]` : "";
    parts.push(depth === 0 ? text : `cause${code}: ${text}`);
  }
  const line = parts.join("; ").replace(EMAIL, "[email]").slice(0, options.maxLength ?? 2000);
  // Only the frames: the stack's first line repeats the raw message.
  const frames = options.stack && error instanceof Error ? (error.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)) : [];
  return frames.length ? `${line}\n${frames.join("\n")}` : line;
}
