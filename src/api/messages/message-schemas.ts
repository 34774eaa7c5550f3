/**
 * Request and response schemas of the message module (spec/ryzeapi.md 6.1–6.3). The
 * calls the integration gateway makes are shared with it from src/contracts/messages.ts.
 */
export {
  mediaBody,
  reactionBody,
  sendReply,
  textBody,
  type MediaBody,
  type ReactionBody,
  type TextBody,
} from "../../contracts/messages.js";
