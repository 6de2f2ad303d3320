import { readFileSync } from "node:fs";

// npx tsx bench/drain/profile-top.ts file.cpuprofile [n]: self time by function and by package of a --cpu-prof profile.
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const profile = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const top = Number(process.argv[3] ?? 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
const sum = (keyOf: (n: Node) => string) => {
  const sums = new Map<string, number>();
  for (const [id, t] of selfTime) sums.set(keyOf(byId.get(id)!), (sums.get(keyOf(byId.get(id)!)) ?? 0) + t);
  return [...sums].sort((a, b) => b[1] - a[1]).slice(0, top);
};
const where = (url: string) => {
  const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1]!;
  if (url.startsWith("node:")) return url;
  return url ? url.replace(/^.*\/(wt-[^/]+|main)\//, "") : "(native/gc/idle)";
};
const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1e6).toFixed(1)} s sampled`);
console.log("by package or file:");
for (const [k, t] of sum((n) => where(n.callFrame.url))) console.log(`  ${pct(t)} ${k}`);
console.log("by function:");
for (const [k, t] of sum((n) => `${n.callFrame.functionName || "(anonymous)"} ${where(n.callFrame.url)}:${n.callFrame.lineNumber}`)) console.log(`  ${pct(t)} ${k}`);
