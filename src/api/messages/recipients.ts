/**
 * Who a send goes to (spec 6): a bare number (preferred), a user JID, an `@lid`, a group,
 * a newsletter or `status@broadcast`. For Brazilian mobiles (`55…`) both the 9-digit and
 * the 8-digit form are asked about, and the one that has WhatsApp wins.
 */
import { badRequest, unavailable } from "../../platform/errors.js";
import { ProviderError, type ProviderConnection } from "../../providers/provider.js";
import {
  bareNumber,
  brazilianVariants,
  phoneOf,
  serverOf,
  USER_SERVER,
  userJid,
} from "../../providers/jid.js";

export const NOT_ON_WHATSAPP = "Number not found on WhatsApp";
export const INVALID_NUMBER = "Invalid number: use digits in international form or a JID";

const OTHER_SERVERS = new Set(["g.us", "lid", "newsletter", "broadcast"]);

export async function resolveRecipient(
  connection: ProviderConnection,
  number: string,
): Promise<string> {
  const input = number.trim();
  const server = serverOf(input);
  if (server !== undefined && server !== USER_SERVER) {
    if (!OTHER_SERVERS.has(server) || input.startsWith("@")) throw badRequest(INVALID_NUMBER);
    return input;
  }
  const digits = server === USER_SERVER ? phoneOf(input) : bareNumber(input);
  if (digits === null || digits === undefined) throw badRequest(INVALID_NUMBER);
  let found;
  try {
    found = await connection.lookup(brazilianVariants(digits));
  } catch (error) {
    if (error instanceof ProviderError)
      throw unavailable(`Failed to check the number: ${error.message}`);
    throw error;
  }
  const hit = found.find((candidate) => candidate.exists);
  if (hit === undefined) throw badRequest(NOT_ON_WHATSAPP);
  return hit.jid;
}

/** Mentioned numbers or JIDs as user JIDs (no look-up: a mention of a stranger is harmless). */
export function mentionJids(mentions: string[] | undefined): string[] {
  return (mentions ?? []).map((mention) => {
    const digits = bareNumber(mention);
    return digits === undefined ? mention.trim() : userJid(digits);
  });
}
