import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileRow {
  name: string;
  selfMs: number;
  share: number;
}

const place = (url: string) => {
  const path = url.replace(/^file:\/\//, "");
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (path.startsWith("node:")) return path;
  return path.replace(/^.*?\/(app|build|db|domain|jobs|runtime|connectors)\//, "$1/") || "(native)";
};

/**
 * Self time of a V8 CPU profile (node --cpu-prof), by function (`name file:line`) or by package/file, largest first.
 * `(idle)` is time the event loop waited; `(garbage collector)` and `(program)` are V8's own.
 */
export function summarizeProfile(file: string, by: "function" | "place" = "function", top = 15): ProfileRow[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const key =
      by === "place"
        ? frame.url
          ? place(frame.url)
          : frame.functionName || "(native)"
        : `${frame.functionName || "(anonymous)"} ${frame.url ? `${place(frame.url)}:${frame.lineNumber + 1}` : ""}`.trim();
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({ name, selfMs: Math.round(ms), share: ms / total }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, by] = process.argv.slice(2);
  for (const row of summarizeProfile(file!, by === "place" ? "place" : "function", 25)) {
    console.log(`${(row.share * 100).toFixed(1).padStart(5)}%  ${String(row.selfMs).padStart(7)} ms  ${row.name}`);
  }
}
