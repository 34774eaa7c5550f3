/**
 * DNS for the outbound guard in tests: answers from a table and never from the
 * network, so a test that names `hooks.example` asks no resolver on the machine.
 */
import type { Resolver } from "../../src/platform/net/outbound-guard.js";

export const LOOPBACK_NAMES: Record<string, string[]> = { localhost: ["127.0.0.1"] };

export function tableResolver(table: Record<string, string[]> = LOOPBACK_NAMES): Resolver {
  return (name) => {
    const answer = table[name.toLowerCase()];
    if (answer !== undefined) return Promise.resolve(answer);
    return Promise.reject(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: "ENOTFOUND" }),
    );
  };
}
