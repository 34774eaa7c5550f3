/** Writes a run's figures as bench/results/latest.json and a markdown table beside it. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Figure } from "./stats.js";
import { TARGETS, met, type Plan } from "./plan.js";

export interface Results {
  mode: Plan["mode"];
  startedAt: string;
  durationS: number;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    loadAverage: number[];
  };
  databases: string[];
  postgres:
    "measured" | "unreachable" | "skipped (quick run)" | "still running when this was written";
  figures: Figure[];
  targets: {
    name: string;
    key: string;
    op: string;
    threshold: number;
    unit: string;
    value: number | null;
    met: boolean | null;
  }[];
}

export function machine(): Results["machine"] {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export function judge(figures: Figure[]): Results["targets"] {
  return TARGETS.map((t) => {
    const value = figures.find((f) => f.key === t.key)?.value;
    return { ...t, value: value ?? null, met: value === undefined ? null : met(t, value) };
  });
}

const SECTIONS: [string, string][] = [
  ["inbound", "Inbound relay (sandbox → emulator)"],
  ["webhooks", "Webhook delivery under load"],
  ["outbound", "Outbound relay (agent reply → sandbox outbox)"],
  ["peers", "Peers' outbound patterns on the same emulator"],
  ["api", "API (autocannon), each beside a bare Fastify route"],
  ["scale", "Scale"],
];

const format = (value: number) =>
  Math.abs(value) >= 100
    ? Math.round(value).toLocaleString("en")
    : String(Math.round(value * 100) / 100);

export function markdown(results: Results): string {
  const m = results.machine;
  const lines = [
    `# Benchmark results (${results.mode} run)`,
    "",
    `Written by \`npm run bench${results.mode === "quick" ? ` -- --quick${results.postgres === "measured" ? " --postgres" : ""}` : ""}\` on ${results.startedAt.slice(0, 16).replace("T", " ")} UTC in ${Math.round(results.durationS)} s.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}; load average at the end ${m.loadAverage.join(" / ")}.`,
    `Databases: ${results.databases.join(", ")} (PostgreSQL: ${results.postgres}). Everything runs on loopback in one machine; the gateway, the emulator and the load generators share its cores.`,
    ...(results.mode === "quick"
      ? [
          "",
          "**Quick run**: far smaller sizes than the targets name and the peers' delays scaled down; the targets are judged on these figures all the same, as an indication only.",
        ]
      : []),
    "",
    "## Targets",
    "",
    "| target | measured | |",
    "| --- | --- | --- |",
    ...results.targets.map(
      (t) =>
        `| ${t.name} | ${t.value === null ? "—" : `${format(t.value)} ${t.unit}`} | ${t.met === null ? "not measured" : t.met ? "met" : "**missed**"} |`,
    ),
    ...floorLine(results.figures),
  ];
  for (const [section, title] of SECTIONS) {
    const rows = results.figures.filter((f) => f.section === section);
    if (rows.length === 0) continue;
    lines.push("", `## ${title}`, "", "| figure | value | how |", "| --- | --- | --- |");
    for (const f of rows)
      lines.push(`| ${f.label} | ${format(f.value)} ${f.unit} | ${f.note ?? ""} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** What bounds the API targets: ponte's hooks with no endpoint work, on the same run. */
function floorLine(figures: Figure[]): string[] {
  const ratio = (key: string) => figures.find((f) => f.key === `api.sqlite.${key}.ratio`)?.value;
  const floor = ratio("floor");
  const lookup = ratio("floorLookup");
  if (floor === undefined || lookup === undefined) return [];
  return [
    "",
    `The API targets are bounded by ponte's hooks: a route that does nothing behind them reached ${format(floor)} of the bare route in this run, and ${format(lookup)} with the instance's look-up that every endpoint naming an instance makes (SQLite; "floor" in the API section).`,
  ];
}

export function write(results: Results, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, "latest.md"), markdown(results));
}
