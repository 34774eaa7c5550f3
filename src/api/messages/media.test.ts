import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenLocal, type LocalServer } from "../../../test/support/local-server.js";
import { parseAllowList } from "../../platform/net/outbound-allow.js";
import { createOutboundGuard } from "../../platform/net/outbound-fetch.js";
import { decodeBase64, loadMedia, mimeFromName, sniffMime, type MediaLoading } from "./media.js";

describe("sniffMime", () => {
  it.each([
    ["ffd8ffe000104a464946", "image/jpeg"],
    ["89504e470d0a1a0a0000", "image/png"],
    ["474946383961", "image/gif"],
    ["52494646000000005745425056503820", "image/webp"],
    ["52494646000000005741564566", "audio/wav"],
    ["255044462d312e34", "application/pdf"],
    ["4f67675300", "audio/ogg"],
    ["49443303", "audio/mpeg"],
    ["000000186674797069736f6d", "video/mp4"],
    ["504b030414", "application/zip"],
    ["68656c6c6f", undefined],
  ])("%s → %s", (hex, mime) => {
    expect(sniffMime(Buffer.from(hex, "hex"))).toBe(mime);
  });
});

describe("decodeBase64", () => {
  it("reads a data URI with its MIME type", () => {
    expect(decodeBase64("data:image/png;base64,aGk=")).toEqual({
      bytes: Buffer.from("hi"),
      mime: "image/png",
    });
  });
  it.each([["aGk="], ["aG\nk="]])("reads plain base64 %j", (input) => {
    expect(decodeBase64(input)?.bytes.toString()).toBe("hi");
  });
  it.each([["https://example.com/a.png"], [""], ["not base64!"]])("refuses %j", (input) => {
    expect(decodeBase64(input)).toBeUndefined();
  });
});

describe("mimeFromName", () => {
  it.each([
    ["report.PDF", "application/pdf"],
    ["voice.opus", "audio/ogg"],
    ["noext", undefined],
    [null, undefined],
  ])("%s → %s", (name, mime) => {
    expect(mimeFromName(name)).toBe(mime);
  });
});

/** `/report.pdf` answers a PDF; `/silent` never answers; `/trickle` never ends its body. */
describe("loadMedia from a URL", () => {
  let server: LocalServer;
  // The guard production uses, with loopback allowed as an operator would for a local server.
  const outbound = createOutboundGuard({ allow: parseAllowList("127.0.0.1").entries });
  const loading: MediaLoading = { maxBytes: 1_000, downloadTimeoutMs: 100, outbound };

  beforeAll(async () => {
    server = await listenLocal((request, response) => {
      if (request.url === "/report.pdf") {
        response.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4");
      } else if (request.url === "/trickle") {
        response.writeHead(200, { "content-type": "application/pdf" });
        response.write("%PDF");
      }
    });
  });
  afterAll(async () => {
    await server.close();
    await outbound.close();
  });

  it("downloads the file, with its type and name", async () => {
    const media = await loadMedia({ mediaUrl: `${server.url}/report.pdf` }, loading);
    expect(media).toEqual({
      base64: Buffer.from("%PDF-1.4").toString("base64"),
      mimetype: "application/pdf",
      size: 8,
      fileName: "report.pdf",
    });
  });

  it.each([["/silent"], ["/trickle"]])(
    "refuses, as a bad request, a download that does not end within its deadline (%s)",
    async (file) => {
      await expect(loadMedia({ mediaUrl: `${server.url}${file}` }, loading)).rejects.toMatchObject({
        status: 400,
        message: "Failed to download media: no answer within 100 ms",
      });
    },
  );
});
