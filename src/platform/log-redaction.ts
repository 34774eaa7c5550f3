/**
 * What must never reach a log line in a URL or a message: a credential in any form a
 * client may send it. Query parameters whose name says secret (`token`, `token[]`,
 * `access_token`, `apiKey`, `password`…, separated by `&` or `;`, however the name is
 * encoded), the fragment, and `user:password@` before a host.
 */

const SECRET_NAME = /token|secret|passw(?:or)?d|authorization|api[-_]?key|signature/i;

/** The URL with every credential replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const withoutUser = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1[redacted]@");
  const hash = withoutUser.indexOf("#");
  const beforeHash = hash === -1 ? withoutUser : withoutUser.slice(0, hash);
  // A fragment never needs to be seen and may carry a token (OAuth-style `#access_token=`).
  const fragment = hash === -1 || hash === withoutUser.length - 1 ? "" : "#[redacted]";
  const at = beforeHash.indexOf("?");
  if (at === -1) return beforeHash + fragment;
  const query = beforeHash
    .slice(at + 1)
    .split(/([&;])/)
    .map((part) => (part === "&" || part === ";" ? part : redactPair(part)))
    .join("");
  return `${beforeHash.slice(0, at)}?${query}${fragment}`;
}

function redactPair(pair: string): string {
  const name = pair.split("=", 1)[0] ?? "";
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replaceAll("+", " "));
  } catch {
    // an undecodable name is judged as it is
  }
  // `token[]`, `token[0]`: array forms name the same parameter.
  const bare = decoded.trim().replace(/\[[^\]]*\]$/, "");
  return SECRET_NAME.test(bare) ? `${name}=[redacted]` : pair;
}

const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;
const QUERY_SECRET =
  /([?&;][^=&;#\s]*(?:token|secret|passw(?:or)?d|authorization|api[-_]?key|signature)[^=&;#\s]*=)[^&;#\s]*/gi;

/** Free text (an error message, a log message) with credentials in URLs redacted. */
export function redactText(text: string): string {
  return text.replace(URL_USERINFO, "$1[redacted]@").replace(QUERY_SECRET, "$1[redacted]");
}
