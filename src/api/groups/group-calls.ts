/**
 * Provider calls of the group, community and channel modules: WhatsApp's refusals
 * (GroupRefusal) become the documented status and message of the operation; anything
 * else is mapped as every provider call is (connection-guard.ts).
 */
import { AppError, badRequest, forbidden, notFound } from "../../platform/errors.js";
import { GroupRefusal, type GroupRefusalReason } from "../../providers/provider-groups.js";
import { providerCall } from "../messages/connection-guard.js";

export const GROUP_NOT_MEMBER = "Group not found or you are not a member of this group";
export const GROUP_NOT_FOUND = "Group not found";
export const INVALID_IDENTIFIER =
  "Invalid identifier: use a group JID, an invite code or an invite link";
export const INVALID_INVITE = "Invalid invite link or code";
export const INVITE_REVOKED = "Invite link has been revoked or expired";
export const JOIN_FORBIDDEN = "Not allowed to join this group";
export const RESET_FORBIDDEN = "Not authorized to reset group invite link (must be admin)";
export const REQUESTS_FORBIDDEN = "Not authorized to view group requests (must be admin)";
export const LEAVE_FORBIDDEN = "Not allowed to leave this group";
export const UPDATE_FORBIDDEN = "Not authorized to update group (must be admin)";

export type Refusals = Partial<Record<GroupRefusalReason, () => AppError>>;

/** What a refusal means unless the operation says otherwise. */
const DEFAULTS: Refusals = {
  "not-found": () => notFound(GROUP_NOT_MEMBER),
  "invalid-invite": () => badRequest(INVALID_INVITE),
  revoked: () => badRequest(INVITE_REVOKED),
};

export async function groupCall<T>(
  what: string,
  call: () => Promise<T>,
  refusals: Refusals = {},
): Promise<T> {
  return providerCall(what, async () => {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof GroupRefusal)) throw error;
      const mapped = refusals[error.reason] ?? DEFAULTS[error.reason];
      if (mapped !== undefined) throw mapped();
      if (error.reason === "forbidden") throw forbidden(`Not authorized to ${what}`);
      throw new AppError(500, `Failed to ${what}: ${error.message}`);
    }
  });
}

/** The refusal's reason when the call was refused, to decide without throwing. */
export async function refusalOf<T>(
  call: () => Promise<T>,
): Promise<{ value: T } | { refused: GroupRefusal }> {
  try {
    return { value: await call() };
  } catch (error) {
    if (error instanceof GroupRefusal) return { refused: error };
    throw error;
  }
}
