/** A group's or community's picture: the image at a URL, as WhatsApp wants it. */
import sharp from "sharp";
import { badRequest, describeError } from "../../platform/errors.js";
import { loadMedia } from "../messages/media.js";
import type { MediaLimits } from "../messages/message-service.js";

export const GROUP_PICTURE_SIZE = 640;

/** A 640×640 JPEG (cropped to a square, as WhatsApp shows it), base64. */
export async function groupPicture(source: string, limits: MediaLimits): Promise<string> {
  const media = await loadMedia({ mediaUrl: source }, limits);
  try {
    const jpeg = await sharp(Buffer.from(media.base64, "base64"))
      .resize(GROUP_PICTURE_SIZE, GROUP_PICTURE_SIZE, { fit: "cover" })
      .jpeg({ quality: 85 })
      .toBuffer();
    return jpeg.toString("base64");
  } catch (error) {
    throw badRequest(`Failed to convert group picture: ${describeError(error)}`);
  }
}
