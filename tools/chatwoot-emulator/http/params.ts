/**
 * Rails `params` semantics, because Chatwoot's controllers read loose params: query,
 * JSON body and form fields merged, `present?`/`blank?` checks, and ActiveModel
 * boolean casting of "true"/"0"/"f"… strings that arrive from multipart forms.
 */
export type Params = Record<string, unknown>;

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Ruby's `present?`: not nil, not false, not a blank string, not an empty collection. */
export function present(v: unknown): boolean {
  if (v === undefined || v === null || v === false) return false;
  if (typeof v === "string") return v.trim() !== "";
  if (Array.isArray(v)) return v.length > 0;
  if (isRecord(v)) return Object.keys(v).length > 0;
  return true;
}

const FALSE_VALUES = new Set(["0", "f", "F", "false", "FALSE", "off", "OFF"]);

/** `ActiveModel::Type::Boolean#cast`: "" is nil, a short list is false, the rest true. */
export function castBool(v: unknown): boolean | null {
  if (v === undefined || v === null || v === "") return null;
  if (typeof v === "boolean") return v;
  if (v === 0) return false;
  if (typeof v === "string") return !FALSE_VALUES.has(v);
  return true;
}

/** A scalar param as the string Rails would store (numbers become strings). */
export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** A string param that is `present?`, else undefined. */
export function presentStr(p: Params, key: string): string | undefined {
  const v = str(p, key);
  return v !== undefined && v.trim() !== "" ? v : undefined;
}

/** Ruby's `String#to_i`: leading digits, else 0. */
export function toI(v: unknown): number {
  if (typeof v === "number") return Math.trunc(v);
  if (typeof v !== "string") return 0;
  const m = /^\s*([+-]?\d+)/.exec(v);
  return m?.[1] ? Number.parseInt(m[1], 10) : 0;
}

export function obj(p: Params, key: string): Record<string, unknown> | undefined {
  const v = p[key];
  return isRecord(v) ? v : undefined;
}

/**
 * Nest bracketed form keys the way Rack does: `a[b]=1` → `{a:{b:"1"}}`, `a[]=x` → `{a:["x"]}`.
 * Only the shapes Chatwoot's endpoints receive are supported (one level of `[]`).
 */
export function nestFormFields(pairs: Iterable<[string, unknown]>): Params {
  const out: Params = {};
  for (const [rawKey, value] of pairs) {
    const parts = rawKey.split("[").map((s) => s.replace(/]$/, ""));
    let target: Params = out;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsArray = parts[i + 1] === "";
      if (part === "") return;
      if (last) {
        target[part] = value;
      } else if (nextIsArray) {
        const arr = Array.isArray(target[part]) ? (target[part] as unknown[]) : [];
        arr.push(value);
        target[part] = arr;
      } else {
        const child = isRecord(target[part]) ? (target[part] as Params) : {};
        target[part] = child;
        target = child;
      }
    });
  }
  return out;
}
