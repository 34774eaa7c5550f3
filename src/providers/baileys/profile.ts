/** The linked account's own identity and profile, read best-effort after connecting. */
import type { Logger } from "../../platform/logger.js";
import type { Profile } from "../provider.js";
import { userJid, userOf } from "../jid.js";
import type { BaileysSocket } from "./socket.js";

/** This device's account as a plain user JID (`<digits>@s.whatsapp.net`, no device). */
export function selfJid(socket: BaileysSocket): string | null {
  const id = socket.user?.id;
  return id === undefined ? null : userJid(userOf(id));
}

export async function profileOf(socket: BaileysSocket, logger: Logger): Promise<Profile> {
  const me = selfJid(socket);
  const profile: Profile = {
    name: socket.user?.name ?? socket.user?.notify ?? "",
    pictureUrl: "",
    isBusiness: false,
    businessName: "",
  };
  if (me === null) return profile;
  try {
    profile.pictureUrl = (await socket.profilePictureUrl(me, "image")) ?? "";
  } catch (error) {
    // No picture, or hidden by privacy settings: WhatsApp answers with an error.
    logger.debug({ err: error }, "no profile picture");
  }
  try {
    const business = await socket.getBusinessProfile(me);
    if (business !== undefined) {
      profile.isBusiness = true;
      profile.businessName = profile.name;
    }
  } catch (error) {
    logger.debug({ err: error }, "no business profile");
  }
  return profile;
}
