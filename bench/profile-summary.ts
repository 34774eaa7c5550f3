/**
 * Sums a V8 .cpuprofile's self time by function and by file:
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [--top N] [--inclusive]`.
 * Self time is the time a sample's top frame spent; `--inclusive` also prints the time
 * under each function of ponte's own code (src/), so a slow route's callee tree shows.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: "string", default: "30" },
    inclusive: { type: "boolean" },
    /** Prints the call paths (5 frames up) under which this function spent its self time. */
    callers: { type: "string" },
  },
});
const file = positionals[0];
if (file === undefined) throw new Error("usage: profile-summary.ts <file.cpuprofile>");
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
const top = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const short = (url: string) =>
  url
    .replace(/^file:\/\//, "")
    .replace(/.*\/node_modules\//, "nm/")
    .replace(/.*\/(src|tools|bench|test)\//, "$1/");
const label = (n: Node) =>
  `${n.callFrame.functionName || "(anonymous)"} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const pkg = (url: string) => {
  const s = short(url);
  if (s.startsWith("nm/"))
    return s
      .split("/")
      .slice(0, s.startsWith("nm/@") ? 3 : 2)
      .join("/");
  if (s === "") return "(native/vm)";
  return s.startsWith("node:") ? s : s.split("/").slice(0, 2).join("/");
};

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
const byPackage = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  if (n === undefined) continue;
  add(byFunction, label(n), us);
  add(byFile, short(n.callFrame.url) || n.callFrame.functionName, us);
  add(byPackage, pkg(n.callFrame.url) || n.callFrame.functionName, us);
  if (values.inclusive) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (frame === undefined) break;
      const key = label(frame);
      if (!seen.has(key)) add(inclusive, key, us);
      seen.add(key);
    }
  }
}

function print(title: string, map: Map<string, number>, filter = (_k: string) => true): void {
  process.stdout.write(`\n== ${title} (total ${(total / 1000).toFixed(0)} ms)\n`);
  const rows = [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]);
  for (const [key, us] of rows.slice(0, top)) {
    const share = ((100 * us) / total).toFixed(1).padStart(5);
    process.stdout.write(`${share}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}\n`);
  }
}
print("self time by package", byPackage);
print("self time by file", byFile);
print("self time by function", byFunction);
if (values.inclusive) print("inclusive time, ponte's code", inclusive, (k) => / src\//.test(k));

if (values.callers !== undefined) {
  const paths = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (n?.callFrame.functionName !== values.callers) continue;
    const frames: string[] = [];
    for (let at = parent.get(id); at !== undefined && frames.length < 5; at = parent.get(at)) {
      const frame = byId.get(at);
      if (frame !== undefined) frames.push(label(frame));
    }
    add(paths, frames.join(" < "), us);
  }
  print(`callers of ${values.callers}`, paths);
}
