/** The page's places, kept in the URL's hash (which never holds a token). */

export const TABS = [
  "connection",
  "settings",
  "proxy",
  "chatwoot",
  "webhooks",
  "events",
  "phone",
] as const;
export type Tab = (typeof TABS)[number];

export type Route = { page: "list" } | { page: "instance"; name: string; tab: Tab };

export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, "")
    .split("/")
    .filter((part) => part !== "");
  if (parts[0] !== "instances" || parts[1] === undefined) return { page: "list" };
  let name: string;
  try {
    name = decodeURIComponent(parts[1]);
  } catch {
    return { page: "list" };
  }
  const tab = TABS.find((t) => t === parts[2]) ?? "connection";
  return { page: "instance", name, tab };
}

export function routeHash(route: Route): string {
  if (route.page === "list") return "#/";
  return `#/instances/${encodeURIComponent(route.name)}/${route.tab}`;
}
