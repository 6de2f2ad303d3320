/**
 * A small, safe subset of JSON-path: `$`, `.name`, `[0]`, `['any key']`, `["any key"]`. No filters, wildcards,
 * recursion or scripts; evaluation only reads own properties, so `__proto__` or `constructor` never reach a prototype.
 */
export type PathSegment = string | number;

export class JsonPathError extends Error {
  override name = "JsonPathError";
}

const NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*/;

function readQuoted(path: string, start: number): { key: string; end: number } {
  const quote = path[start]!;
  let key = "";
  for (let i = start + 1; i < path.length; i++) {
    const char = path[i]!;
    if (char === "\\" && i + 1 < path.length) {
      key += path[++i];
      continue;
    }
    if (char === quote) {
      if (path[i + 1] !== "]") throw new JsonPathError(`expected ] after the quoted key at ${i + 1}`);
      return { key, end: i + 2 };
    }
    key += char;
  }
  throw new JsonPathError("unterminated quoted key");
}

/** Parses `$.a.b[0]['x y']` into ["a", "b", 0, "x y"]; throws JsonPathError naming what is wrong. */
export function parseJsonPath(path: string): PathSegment[] {
  if (path.length > 500) throw new JsonPathError("path is longer than 500 characters");
  if (!path.startsWith("$")) throw new JsonPathError("path must start with $");
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === ".") {
      const name = NAME.exec(path.slice(i + 1))?.[0];
      if (!name) throw new JsonPathError(`expected a name after . at ${i}`);
      segments.push(name);
      i += 1 + name.length;
    } else if (path[i] === "[") {
      const next = path[i + 1];
      if (next === "'" || next === '"') {
        const { key, end } = readQuoted(path, i + 1);
        segments.push(key);
        i = end;
      } else {
        const index = /^(\d{1,6})\]/.exec(path.slice(i + 1));
        if (!index) throw new JsonPathError(`expected an index or a quoted key after [ at ${i}`);
        segments.push(Number(index[1]));
        i += 2 + index[1]!.length;
      }
    } else {
      throw new JsonPathError(`unexpected "${path[i]}" at ${i}`);
    }
  }
  return segments;
}

/** The value at the path, or undefined when any step is missing. */
export function readJsonPath(document: unknown, path: string | PathSegment[]): unknown {
  let value = document;
  for (const segment of typeof path === "string" ? parseJsonPath(path) : path) {
    if (typeof segment === "number") {
      if (!Array.isArray(value) || segment >= value.length) return undefined;
      value = value[segment];
    } else {
      if (typeof value !== "object" || value === null || Array.isArray(value) || !Object.hasOwn(value, segment)) return undefined;
      value = (value as Record<string, unknown>)[segment];
    }
  }
  return value;
}
