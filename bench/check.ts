/**
 * `npm run bench:check`: fails unless bench/results/latest.json holds every figure its
 * run must produce, each a finite number. Speed is not judged here.
 */
import fs from "node:fs";
import path from "node:path";
import { expectedKeys, planFor, type Mode } from "./suite/plan.js";

const file = path.join(path.dirname(new URL(import.meta.url).pathname), "results", "latest.json");
const results = JSON.parse(fs.readFileSync(file, "utf8")) as {
  mode: Mode;
  databases: string[];
  figures: { key: string; value: unknown }[];
  targets: { key: string }[];
};
const values = new Map(results.figures.map((f) => [f.key, f.value]));
const missing = expectedKeys(planFor(results.mode), results.databases).filter((key) => {
  const value = values.get(key);
  return typeof value !== "number" || !Number.isFinite(value);
});
if (results.targets.length === 0) missing.push("(targets)");
if (missing.length > 0) {
  console.error(
    `bench:check: ${missing.length} figure(s) missing or not a number:\n  ${missing.join("\n  ")}`,
  );
  process.exit(1);
}
console.log(`bench:check: all ${values.size} figures of the ${results.mode} run present`);
