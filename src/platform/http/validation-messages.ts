/**
 * Validation failures in words a person acts on: which field, and what it must be
 * ("is required", "must be a string", "must be one of: image, video"), not the
 * validator's own phrasing ("Invalid input: expected string, received undefined").
 */

export interface ValidationIssue {
  instancePath: string;
  message?: string | undefined;
  keyword?: string | undefined;
  params?: Record<string, unknown> | undefined;
}

const ARTICLE: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

/** `field: what it must be` for each issue, joined by `; `. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.instancePath.replace(/^\//, "").replaceAll("/", ".");
      const what = plain(issue.message ?? "is invalid");
      return where === "" ? what : `${where}: ${what}`;
    })
    .join("; ");
}

/** Rewrites zod's default messages; messages a schema chose itself pass unchanged. */
export function plain(message: string): string {
  const type = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (type !== null) {
    const [, expected = "", received = ""] = type;
    if (received === "undefined") return "is required";
    return `must be ${ARTICLE[expected] ?? expected}, not ${ARTICLE[received] ?? received}`;
  }
  const option = /^Invalid option: expected one of (.+)$/.exec(message);
  if (option !== null)
    return `must be one of: ${(option[1] ?? "").replaceAll('"', "").split("|").join(", ")}`;
  const size =
    /^Too (small|big): expected (\w+) to (?:have|be) ([<>]=?)(\d+(?:\.\d+)?)\s*(\w*)$/.exec(
      message,
    );
  if (size !== null) {
    const [, , kind = "", sign = "", limit = "", unit = ""] = size;
    if (kind === "string" && sign === ">=" && limit === "1") return "must not be empty";
    const bound = sign.startsWith(">")
      ? sign === ">"
        ? "more than"
        : "at least"
      : sign === "<"
        ? "less than"
        : "at most";
    const units = kind === "array" ? "items" : kind === "string" ? unit || "characters" : "";
    return `must be ${bound} ${limit}${units === "" ? "" : ` ${units}`}`;
  }
  if (message === "Invalid input") return "has a value of the wrong kind";
  return message;
}

/** Where a JSON text broke, from the parser's message (`… at position 12`). */
export function malformedJson(text: string, parserMessage: string): string {
  const at = /at position (\d+)/.exec(parserMessage);
  const reason = parserMessage
    .replace(/\s*in JSON at position \d+.*$/, "")
    .replace(/^JSON\.parse: /, "");
  if (at === null) return `malformed JSON (${reason})`;
  const position = Number(at[1]);
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return `malformed JSON at line ${line}, column ${column} (${reason})`;
}
