import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  constantTimeEqual,
  fixedLengthEqual,
  hashToken,
  loadOrCreateKey,
  newToken,
  SecretBox,
} from "./crypto.js";

const KEY = "0f".repeat(32);

describe("SecretBox", () => {
  const box = SecretBox.fromKey(KEY);

  it("round-trips and uses a fresh nonce every time", () => {
    const a = box.seal("sk_live_secret");
    const b = box.seal("sk_live_secret");
    expect(a).not.toBe(b);
    expect(a).not.toContain("sk_live_secret");
    expect(box.open(a)).toBe("sk_live_secret");
    expect(box.open(b)).toBe("sk_live_secret");
  });

  it("rejects a tampered ciphertext", () => {
    const sealed = box.seal("hello");
    const parts = sealed.split(":");
    const body = Buffer.from(parts[2]!, "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[2] = body.toString("base64url");
    expect(() => box.open(parts.join(":"))).toThrow();
  });

  it("rejects another key", () => {
    const other = SecretBox.fromKey("1e".repeat(32));
    expect(() => other.open(box.seal("hello"))).toThrow();
  });

  it("opens a sealed text once and answers it again from memory, never for another text", () => {
    const small = SecretBox.fromKey(KEY, 3);
    const sealed = small.seal("token-a");
    expect(small.open(sealed)).toBe("token-a");
    expect(small.open(sealed)).toBe("token-a");
    expect(small.openedCount).toBe(1);
    // A rotation seals the new value afresh: the old entry cannot answer for it.
    const rotated = small.seal("token-b");
    expect(small.open(rotated)).toBe("token-b");
    // A tampered copy of a known text is opened, and refused, like any other.
    const parts = sealed.split(":");
    const tag = Buffer.from(parts[3]!, "base64url");
    tag[0] = (tag[0] ?? 0) ^ 1;
    parts[3] = tag.toString("base64url");
    expect(() => small.open(parts.join(":"))).toThrow();
    // Another key's box has its own memory: it still refuses what this one opened.
    expect(() => SecretBox.fromKey("1e".repeat(32)).open(sealed)).toThrow();
  });

  it("keeps at most its capacity of opened secrets, the oldest going first", () => {
    const small = SecretBox.fromKey(KEY, 3);
    const sealed = ["a", "b", "c", "d", "e"].map((text) => small.seal(text));
    expect(sealed.map((s) => small.open(s))).toEqual(["a", "b", "c", "d", "e"]);
    expect(small.openedCount).toBe(3);
    expect(small.open(sealed[0]!)).toBe("a");
  });

  it("accepts base64 keys and refuses short ones", () => {
    const base64 = Buffer.alloc(32, 7).toString("base64");
    expect(SecretBox.fromKey(base64).open(SecretBox.fromKey(base64).seal("x"))).toBe("x");
    expect(() => SecretBox.fromKey("abcd")).toThrow("32 bytes");
  });

  it.each([
    [null, null],
    [undefined, null],
    ["", null],
  ])("treats %s as no secret", (input, expected) => {
    expect(box.sealOptional(input)).toBe(expected);
  });
});

describe("loadOrCreateKey", () => {
  it("creates a 0600 key file once and reads it back", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ponte-key-"));
    const first = loadOrCreateKey(undefined, dir);
    const second = loadOrCreateKey(undefined, dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    expect(fs.statSync(path.join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
  });

  it("prefers the configured key", () => {
    expect(loadOrCreateKey(KEY, "/nonexistent")).toBe(KEY);
  });
});

describe("tokens", () => {
  it("hashes deterministically and generates distinct tokens", () => {
    expect(hashToken("abc")).toBe(hashToken("abc"));
    expect(hashToken("abc")).not.toBe(hashToken("abd"));
    expect(newToken("acc_")).toMatch(/^acc_[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(newToken());
  });

  it.each([
    ["same", "same", true],
    ["same", "Same", false],
    ["short", "shorter", false],
    ["", "", true],
    ["ação", "acao", false],
  ])("constantTimeEqual(%s, %s) = %s, as fixedLengthEqual", (a, b, expected) => {
    expect(constantTimeEqual(a, b)).toBe(expected);
    expect(fixedLengthEqual(a, b)).toBe(expected);
  });
});
