import { describeRouteSecurity, type RouteCase } from "../support/security-suite.js";

const number = "5511900000000";
const routes: RouteCase[] = (
  [
    ["GET", "contacts", undefined],
    ["GET", "contactsByLabel", undefined],
    ["GET", "tag", undefined],
    ["POST", "tag", { name: "VIP" }],
    ["DELETE", "tag?tagId=1", undefined],
    ["POST", "assignTag", { number, tagId: "1" }],
    ["DELETE", `assignTag?number=${number}&tagId=1`, undefined],
    ["POST", "archive", { number, archive: true }],
    ["POST", "pin", { number, pin: true }],
    ["POST", "favorite", { number, favorite: true }],
    ["POST", "mute", { number, mute: true }],
    ["POST", "block", { number, block: true }],
    ["POST", "presence", { number, state: "typing" }],
    ["POST", "history", { number }],
    ["GET", "poll?messageId=X", undefined],
    ["POST", "forward", { messageId: "X", to: number }],
    ["POST", "edit", { messageId: "X", content: "y" }],
    ["DELETE", "deleteChat", { number }],
  ] as const
).map(([method, route, body]) => {
  const [path, query] = route.split("?");
  return {
    method,
    path: (i: string) => `/api/chat/${path}/${i}${query === undefined ? "" : `?${query}`}`,
    body,
    access: "instance",
  };
});

describeRouteSecurity("chat management", [
  ...routes,
  {
    method: "POST",
    path: (i) => `/api/sandbox/contacts/${i}`,
    body: { contacts: [{ number }] },
    access: "instance",
  },
]);
