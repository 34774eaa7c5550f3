/** Wires the group, community and newsletter endpoints, and the sandbox phone's group side. */
import { CommunityService } from "../api/community/community-service.js";
import { registerCommunityRoutes } from "../api/community/community-routes.js";
import { GroupService } from "../api/groups/group-service.js";
import { registerGroupRoutes } from "../api/groups/group-routes.js";
import { MembershipService } from "../api/groups/membership-service.js";
import { NewsletterService } from "../api/newsletter/newsletter-service.js";
import { registerNewsletterRoutes } from "../api/newsletter/newsletter-routes.js";
import { registerSandboxGroupRoutes } from "../api/sandbox/sandbox-group-routes.js";
import type { MediaLimits } from "../api/messages/message-service.js";
import type { ApiParts } from "./api-parts.js";

export function wireGroups(parts: ApiParts, limits: MediaLimits): void {
  const { app, access, connections } = parts;
  const groups = new GroupService(connections, limits);
  registerGroupRoutes(app, groups, new MembershipService(groups), access);
  registerCommunityRoutes(app, new CommunityService(connections, limits), access);
  registerNewsletterRoutes(app, new NewsletterService(connections), access);
  registerSandboxGroupRoutes(app, parts.sandbox, connections, access);
}
