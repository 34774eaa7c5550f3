/** Health checks (spec/ryzeapi.md 8): each dependency answers "ok" or "fail: <reason>". */
export type HealthCheck = () => Promise<void>;

export interface HealthReport {
  status: "ok" | "degraded";
  service: string;
  uptime: string;
  timestamp: string;
  checks: Record<string, string>;
}

/** A duration as Go prints it, truncated to seconds: `45s`, `2m3s`, `12h34m56s`. */
export function goDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

export async function runHealthChecks(
  checks: Record<string, HealthCheck>,
  startedAt: number,
  now: number,
  timeoutMs = 2000,
): Promise<HealthReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map(async (name) => {
      const check = checks[name];
      if (check === undefined) return "ok";
      try {
        await withTimeout(check(), timeoutMs);
        return "ok";
      } catch (error) {
        return `fail: ${error instanceof Error ? error.message : String(error)}`;
      }
    }),
  );
  const report: Record<string, string> = {};
  names.forEach((name, index) => (report[name] = results[index] ?? "ok"));
  return {
    status: results.every((result) => result === "ok") ? "ok" : "degraded",
    service: "ponte",
    uptime: goDuration(now - startedAt),
    timestamp: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"),
    checks: report,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`timed out after ${ms} ms`));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
