import { afterAll } from "vitest";
import { startFakeBridge } from "../support/fake-bridge.js";
import { describeRouteSecurity, type RouteCase } from "../support/security-suite.js";
import { setBody } from "./harness.js";

// The suite needs its environment when it is declared, so the fake starts at load time.
const bridge = await startFakeBridge();
afterAll(async () => {
  await bridge.close();
});

const routes: RouteCase[] = [
  {
    method: "POST",
    path: (i) => `/api/chatwoot/set/${i}`,
    access: "instance",
    body: setBody(),
    notFound: "instance not found",
  },
  {
    method: "GET",
    path: (i) => `/api/chatwoot/list/${i}`,
    access: "instance",
    notFound: "instance not found",
  },
  {
    method: "DELETE",
    path: (i) => `/api/chatwoot/delete/${i}`,
    access: "instance",
    notFound: "instance not found",
  },
  {
    method: "DELETE",
    path: (i) => `/api/chatwoot/unlink/${i}`,
    access: "instance",
    notFound: "instance not found",
  },
];

describeRouteSecurity("chatwoot routes", routes, {
  BRIDGE_URL: bridge.url,
  BRIDGE_TOKEN: bridge.token,
});
