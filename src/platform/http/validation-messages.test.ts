import { describe, expect, it } from "vitest";
import { malformedJson, plain } from "./validation-messages.js";

describe("plain validation messages", () => {
  it.each([
    ["Invalid input: expected string, received undefined", "is required"],
    ["Invalid input: expected string, received number", "must be a string, not a number"],
    ["Invalid input: expected array, received string", "must be a list, not a string"],
    ['Invalid option: expected one of "image"|"video"', "must be one of: image, video"],
    ["Too small: expected string to have >=1 characters", "must not be empty"],
    ["Too small: expected array to have >=1 items", "must be at least 1 items"],
    ["Too big: expected number to be <=300", "must be at most 300"],
    ["must be at most 128 characters", "must be at most 128 characters"],
  ])("%s → %s", (message, expected) => {
    expect(plain(message)).toBe(expected);
  });

  it("says where JSON broke", () => {
    expect(malformedJson('{"a": 1,, }', "Unexpected token , in JSON at position 8")).toBe(
      "malformed JSON at line 1, column 9 (Unexpected token ,)",
    );
    expect(malformedJson('{\n  "a": }', "Unexpected token } in JSON at position 9")).toBe(
      "malformed JSON at line 2, column 8 (Unexpected token })",
    );
    expect(malformedJson('{"a":', "Unexpected end of JSON input")).toBe(
      "malformed JSON (Unexpected end of JSON input)",
    );
  });
});
