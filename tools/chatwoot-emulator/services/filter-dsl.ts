import { couldNotCreate } from "../errors.js";
import { isRecord } from "../http/params.js";

/**
 * Chatwoot's custom-filter DSL (contacts/filter, conversations/filter):
 * `{payload:[{attribute_key, filter_operator, values, query_operator}]}` where each
 * condition's query_operator joins it to the NEXT one, evaluated with SQL precedence
 * (AND binds tighter than OR). Bad keys/operators are 422 `{"error": …}` with
 * Chatwoot's messages.
 */
export type FilterKind = "text" | "exact" | "number" | "boolean" | "list";

export interface FilterAttribute<T> {
  kind: FilterKind;
  operators: string[];
  get(record: T): unknown;
}

const TEXT_OPS = ["equal_to", "not_equal_to", "contains", "does_not_contain"];
export const textAttr = <T>(get: (r: T) => unknown, extra: string[] = []): FilterAttribute<T> => ({
  kind: "text",
  operators: [...TEXT_OPS, ...extra],
  get,
});
export const exactAttr = <T>(get: (r: T) => unknown): FilterAttribute<T> => ({
  kind: "exact",
  operators: ["equal_to", "not_equal_to"],
  get,
});

interface Condition {
  key: string;
  operator: string;
  values: string[];
  joiner: string | null;
}

const norm = (v: unknown): string =>
  typeof v === "string" ? v.toLowerCase() : JSON.stringify(v).toLowerCase();

function matchOne<T>(attr: FilterAttribute<T>, record: T, c: Condition): boolean {
  const raw = attr.get(record);
  const present = raw !== null && raw !== undefined && raw !== "";
  const values = c.values.map((v) => v.toLowerCase());
  const actual = raw === null || raw === undefined ? "" : norm(raw);
  const list = Array.isArray(raw) ? raw.map((v) => String(v).toLowerCase()) : [actual];
  switch (c.operator) {
    case "equal_to":
      return present && values.some((v) => list.includes(v));
    case "not_equal_to":
      return !values.some((v) => list.includes(v));
    case "contains":
      return present && values.some((v) => actual.includes(v));
    case "does_not_contain":
      return !values.some((v) => actual.includes(v));
    case "starts_with":
      return present && values.some((v) => actual.startsWith(v));
    case "is_present":
      return present;
    case "is_not_present":
      return !present;
    default:
      return false;
  }
}

function parseConditions<T>(
  payload: unknown,
  attributes: Record<string, FilterAttribute<T>>,
  extraKeys: (key: string) => FilterAttribute<T> | undefined,
): [Condition, FilterAttribute<T>][] {
  const items = Array.isArray(payload) ? payload : [];
  const allowed = Object.keys(attributes).join(",");
  return items.filter(isRecord).map((item, index) => {
    const key = typeof item.attribute_key === "string" ? item.attribute_key : "";
    const attr = attributes[key] ?? extraKeys(key);
    if (!attr) {
      throw couldNotCreate(
        `Invalid attribute key - [${key}]. The key should be one of [${allowed}] or a custom attribute defined in the account.`,
      );
    }
    const operator = typeof item.filter_operator === "string" ? item.filter_operator : "";
    if (!attr.operators.includes(operator)) {
      throw couldNotCreate(
        `Invalid operator. The allowed operators for ${key} are [${attr.operators.join(",")}].`,
      );
    }
    const joiner = typeof item.query_operator === "string" ? item.query_operator : null;
    const isLast = index === items.length - 1;
    if (!isLast && joiner !== "AND" && joiner !== "OR") {
      throw couldNotCreate('Query operator must be either "AND" or "OR"');
    }
    const values = Array.isArray(item.values) ? item.values.map((v) => String(v)) : [];
    return [{ key, operator, values, joiner }, attr];
  });
}

/** Compiles a filter payload into a predicate, or throws Chatwoot's 422. */
export function compileFilter<T>(
  payload: unknown,
  attributes: Record<string, FilterAttribute<T>>,
  extraKeys: (key: string) => FilterAttribute<T> | undefined = () => undefined,
): (record: T) => boolean {
  const conditions = parseConditions(payload, attributes, extraKeys);
  return (record: T) => {
    let anyGroup = false;
    let group = true;
    conditions.forEach(([c, attr], i) => {
      group = group && matchOne(attr, record, c);
      const joiner = c.joiner;
      const endsGroup = i === conditions.length - 1 || joiner === "OR";
      if (endsGroup) {
        anyGroup = anyGroup || group;
        group = true;
      }
    });
    return conditions.length === 0 || anyGroup;
  };
}
