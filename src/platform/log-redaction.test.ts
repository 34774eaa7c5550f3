import { describe, expect, it } from "vitest";
import { redactText, redactUrl } from "./log-redaction.js";

describe("redactUrl", () => {
  it.each([
    ["/api/instance/list?token=s3cr3t", "/api/instance/list?token=[redacted]"],
    ["/x?%74oken=s3cr3t&a=1", "/x?%74oken=[redacted]&a=1"],
    ["/x?token[]=s3cr3t&token[]=other", "/x?token[]=[redacted]&token[]=[redacted]"],
    ["/x?token%5B%5D=s3cr3t", "/x?token%5B%5D=[redacted]"],
    ["/x?a=1;token=s3cr3t", "/x?a=1;token=[redacted]"],
    [
      "/x?access_token=s3cr3t&apiKey=k&password=p",
      "/x?access_token=[redacted]&apiKey=[redacted]&password=[redacted]",
    ],
    ["/x#token=s3cr3t", "/x#[redacted]"],
    ["/x?after=3#s3cr3t", "/x?after=3#[redacted]"],
    ["https://user:s3cr3t@hooks.example/x", "https://[redacted]@hooks.example/x"],
    [
      "/api/chat/getMessage/x?messageId=ABC&after=1",
      "/api/chat/getMessage/x?messageId=ABC&after=1",
    ],
  ])("%s → %s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});

describe("redactText", () => {
  it("redacts credentials in URLs quoted by a message", () => {
    expect(
      redactText(
        "fetch http://admin:s3cr3t@10.0.0.1/x?token=abc&a=1 failed; retry https://h/y;api_key=k",
      ),
    ).toBe(
      "fetch http://[redacted]@10.0.0.1/x?token=[redacted]&a=1 failed; retry https://h/y;api_key=[redacted]",
    );
  });
});
