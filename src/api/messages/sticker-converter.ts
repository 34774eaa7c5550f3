/**
 * Stickers are WebP images of 512×512 (WhatsApp's format): the picture is scaled to fit,
 * centred on a transparent square, never cropped. An animated GIF becomes an animated
 * WebP. sharp (libvips) does the work.
 */
import sharp from "sharp";
import { badRequest, describeError } from "../../platform/errors.js";

export const STICKER_SIZE = 512;
const ACCEPTED = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

export async function toSticker(bytes: Buffer, mimetype: string): Promise<Buffer> {
  if (!ACCEPTED.has(mimetype)) {
    throw badRequest(`Unsupported sticker image type: ${mimetype} (use PNG, JPEG, GIF or WebP)`);
  }
  try {
    return await sharp(bytes, { animated: mimetype === "image/gif" })
      .resize(STICKER_SIZE, STICKER_SIZE, {
        fit: "contain",
        background: { r: 0, g: 0, b: 0, alpha: 0 },
      })
      .webp({ quality: 80 })
      .toBuffer();
  } catch (error) {
    throw badRequest(`Failed to convert image to sticker: ${describeError(error)}`);
  }
}
