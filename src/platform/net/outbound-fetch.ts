/**
 * Fetching a user-supplied URL through the guard: the URL is checked before the first
 * byte is sent, every connection is checked again by the guarded dispatcher, and
 * redirects are followed by hand (at most `maxRedirects`), each hop checked like the
 * first, so a public URL cannot bounce the request into an internal address.
 */
import { fetch, type Agent, type RequestInit, type Response } from "undici";
import {
  checkUrl,
  createGuardedDispatcher,
  OutboundRefusedError,
  type OutboundPolicy,
} from "./outbound-guard.js";
import { failureOf } from "../outcome.js";

export const MAX_REDIRECTS = 5;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface OutboundGuard {
  policy: OutboundPolicy;
  /** Checks connections at connect time; pass it as `dispatcher` to undici's fetch. */
  dispatcher: Agent;
  /** Up-front check of a URL; throws OutboundRefusedError naming `what`. */
  checkUrl(url: string | URL, what: string): Promise<URL>;
  /** A guarded fetch that follows redirects by hand. */
  fetch(url: string | URL, init: RequestInit, what: string): Promise<Response>;
  close(): Promise<void>;
}

export function createOutboundGuard(policy: OutboundPolicy): OutboundGuard {
  const dispatcher = createGuardedDispatcher(policy);
  return {
    policy,
    dispatcher,
    checkUrl: (url, what) => checkUrl(url, policy, what),
    fetch: (url, init, what) => guardedFetch(url, init, { policy, dispatcher, what }),
    close: () => dispatcher.close(),
  };
}

export interface GuardedFetchOptions {
  policy: OutboundPolicy;
  dispatcher: Agent;
  /** The field the URL came from, for the refusal (`mediaUrl`). */
  what: string;
  maxRedirects?: number;
}

export async function guardedFetch(
  url: string | URL,
  init: RequestInit,
  options: GuardedFetchOptions,
): Promise<Response> {
  const { policy, dispatcher, what } = options;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  let current = await checkUrl(url, policy, what);
  let request = init;
  for (let hop = 0; ; hop += 1) {
    const response = await fetchOnce(current, request, dispatcher, what);
    const location = response.headers.get("location");
    if (!REDIRECTS.has(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    if (hop >= maxRedirects)
      throw new OutboundRefusedError(what, `more than ${maxRedirects} redirects`);
    current = await checkUrl(new URL(location, current), policy, `${what} (redirect)`);
    request = nextRequest(request, response.status);
  }
}

async function fetchOnce(
  url: URL,
  init: RequestInit,
  dispatcher: Agent,
  what: string,
): Promise<Response> {
  try {
    return await fetch(url, { ...init, redirect: "manual", dispatcher });
  } catch (error) {
    // undici wraps connector failures: surface a refusal as itself, named for the caller.
    const cause = failureOf(error);
    if (cause instanceof OutboundRefusedError) throw cause.as(what);
    throw error;
  }
}

/** 303, and 301/302 after a POST, continue as a bodiless GET (as browsers do). */
function nextRequest(init: RequestInit, status: number): RequestInit {
  const method = (init.method ?? "GET").toUpperCase();
  if (status === 303 || ((status === 301 || status === 302) && method === "POST")) {
    return { ...init, method: "GET", body: null };
  }
  return init;
}
