/**
 * Every route the API registers passes the shared security suite. The integration
 * gateway is a fake, so that the Chatwoot module and the gateway's stream are on and
 * their routes registered too.
 */
import { afterAll } from "vitest";
import { startFakeBridge } from "../support/fake-bridge.js";
import { describeRouteSecurity } from "../support/security-suite.js";

// The suite needs its environment when it is declared, so the fake starts at load time.
const bridge = await startFakeBridge("bridge-token-for-the-security-suite");
afterAll(async () => {
  await bridge.close();
});

await describeRouteSecurity("every registered route", {
  BRIDGE_URL: bridge.url,
  BRIDGE_TOKEN: bridge.token,
});
