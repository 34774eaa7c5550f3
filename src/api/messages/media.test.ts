import { describe, expect, it } from "vitest";
import { decodeBase64, mimeFromName, sniffMime } from "./media.js";

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
