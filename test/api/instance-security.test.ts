import { describeRouteSecurity, type RouteCase } from "../support/security-suite.js";

const instanceRoutes: RouteCase[] = [
  { method: "GET", path: (i) => `/api/instance/connect/${i}`, access: "instance" },
  { method: "POST", path: (i) => `/api/instance/reconnect/${i}`, access: "instance" },
  { method: "DELETE", path: (i) => `/api/instance/logout/${i}`, access: "instance" },
  { method: "GET", path: (i) => `/api/instance/getSettings/${i}`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/instance/settings/${i}`,
    access: "instance",
    body: { keepOnlineStatus: true },
  },
  { method: "GET", path: (i) => `/api/instance/getProxy/${i}`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/instance/proxy/${i}`,
    access: "instance",
    body: { enabled: false },
  },
  { method: "GET", path: (i) => `/api/instance/getS3/${i}`, access: "instance" },
  {
    method: "POST",
    path: (i) => `/api/instance/s3/${i}`,
    access: "instance",
    body: { enabled: false },
  },
  { method: "DELETE", path: (i) => `/api/instance/delete/${i}`, access: "account" },
];

describeRouteSecurity("instance routes", instanceRoutes);

describeRouteSecurity("instance creation", [
  {
    method: "POST",
    path: () => "/api/instance/new",
    access: "account",
    bucket: "instance-create",
    body: { name: "new-one", provider: "sandbox" },
  },
]);
