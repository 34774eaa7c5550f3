import type { FastifyInstance, FastifyRequest } from "fastify";
import type { UploadedFile } from "../services/attachments.js";
import { badRequest } from "../errors.js";
import type { Params } from "./params.js";
import { nestFormFields } from "./params.js";

/** Rack's query parsing: `+` is a space, `a[]=x` builds arrays, `a[b]=c` hashes. */
export function parseQuery(raw: string): Params {
  return nestFormFields(new URLSearchParams(raw).entries());
}

/**
 * Body parsers with Rails' tolerance: an empty JSON body is `{}`, a form body is
 * nested like Rack, an unknown content type is ignored; malformed JSON is a 400.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(["application/json", "text/plain"]);
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, {});
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(badRequest(), undefined);
    }
  });
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_req, body, done) => {
      done(null, parseQuery(typeof body === "string" ? body : body.toString("utf8")));
    },
  );
  app.addContentTypeParser("*", (_req, payload, done) => {
    payload.resume();
    payload.on("end", () => {
      done(null, {});
    });
  });
}

export interface MultipartBody {
  fields: Params;
  files: UploadedFile[];
}

/**
 * Reads a multipart message body: plain fields (Rack-nested) and the `attachments[]`
 * file parts (the only ones MessageBuilder reads; other file fields are drained and
 * ignored). Files stream with a size cap; an oversized one is marked rather than
 * aborting the request, so the 422 comes from the model validation as in Chatwoot.
 */
export async function readMultipart(
  request: FastifyRequest,
  maxFileBytes: number,
): Promise<MultipartBody> {
  const pairs: [string, unknown][] = [];
  const files: UploadedFile[] = [];
  const parts = request.parts({
    limits: { fileSize: maxFileBytes, files: 1000, fieldSize: 4 * 1024 * 1024 },
  });
  for await (const part of parts) {
    if (part.type === "file") {
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.fieldname !== "attachments[]") continue;
      files.push({
        fileName: part.filename,
        contentType: part.mimetype,
        data: Buffer.concat(chunks),
        tooLarge: part.file.truncated,
      });
    } else {
      pairs.push([part.fieldname, part.value]);
    }
  }
  return { fields: nestFormFields(pairs), files };
}
