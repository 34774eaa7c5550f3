/**
 * An agent's Chatwoot message as WhatsApp text: Chatwoot's markdown marks become
 * WhatsApp's (`**bold**` → `*bold*`, `*italic*`/`_italic_` → `_italic_`,
 * `~~strike~~` → `~strike~`), and with `signMessages` the agent's name goes first.
 */
export function whatsappText(content: string, signature: string | undefined): string {
  const text = content
    // Italics first, so that the bold marks made next are not read as italics.
    .replace(/(?<![*\w])\*(?!\*)([^*\n]+?)\*(?![*\w])/g, "_$1_")
    .replace(/\*\*([^*\n]+?)\*\*/g, "*$1*")
    .replace(/~~([^~\n]+?)~~/g, "~$1~");
  return signature === undefined || signature === "" ? text : `*${signature}*:\n${text}`;
}
