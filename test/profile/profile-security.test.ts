import { describeRouteSecurity, type RouteCase } from "../support/security-suite.js";

const routes: RouteCase[] = [
  { method: "GET", path: (i) => `/api/profile/getAccount/${i}`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/profile/account/${i}`,
    body: { profileName: "x" },
    access: "instance",
  },
  { method: "GET", path: (i) => `/api/profile/getPrivacy/${i}`, access: "instance" },
  { method: "GET", path: (i) => `/api/profile/privacy/${i}`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/profile/privacy/${i}`,
    body: { privacy: { readReceipts: "all" } },
    access: "instance",
  },
];

describeRouteSecurity("profile", routes);
