/**
 * The literal errors of the group, community and newsletter routes for the OpenAPI
 * document (ryzeapi-more.md 3–5; the choices where the docs are cut off: docs/groups.md).
 */
import * as group from "../groups/group-calls.js";
import * as groupSchemas from "../groups/group-schemas.js";
import * as community from "../community/community-schemas.js";
import * as newsletter from "../newsletter/newsletter-service.js";
import { NEWSLETTER_NAME_REQUIRED } from "../newsletter/newsletter-schemas.js";

const NOT_CONNECTED = "Instance is not connected to WhatsApp";
const identified = {
  400: [groupSchemas.IDENTIFIER_REQUIRED, group.INVALID_IDENTIFIER],
  404: [group.GROUP_NOT_MEMBER],
  503: [NOT_CONNECTED],
};
const linking = {
  400: [community.COMMUNITY_JID_REQUIRED, community.GROUP_JID_REQUIRED, NOT_CONNECTED],
  500: ["error parse community jid: <reason>"],
};
const channel = {
  400: [groupSchemas.IDENTIFIER_REQUIRED, newsletter.INVALID_NEWSLETTER],
  404: [newsletter.NEWSLETTER_NOT_FOUND],
  503: [NOT_CONNECTED],
};

export const GROUP_ROUTE_ERRORS: Record<string, Record<number, string[]>> = {
  "POST /api/group/create/:instance": {
    400: [
      groupSchemas.NAME_REQUIRED,
      groupSchemas.PARTICIPANTS_REQUIRED,
      "Invalid participant: <value>",
    ],
    503: [NOT_CONNECTED],
  },
  "GET /api/group/list/:instance": { 503: [NOT_CONNECTED] },
  "GET /api/group/info/:instance": {
    ...identified,
    400: [...identified[400], group.INVALID_INVITE, group.INVITE_REVOKED],
  },
  "PUT /api/group/update/:instance": {
    ...identified,
    400: [...identified[400], groupSchemas.NOTHING_TO_UPDATE],
    403: [group.UPDATE_FORBIDDEN],
  },
  "POST /api/group/participants/:instance": {
    ...identified,
    400: [...identified[400], groupSchemas.ACTION_REQUIRED, groupSchemas.INVALID_ACTION],
    403: ["Not authorized to <action> participants (must be admin)"],
  },
  "POST /api/group/join/:instance": {
    400: [groupSchemas.IDENTIFIER_REQUIRED, group.INVALID_INVITE, group.INVITE_REVOKED],
    403: [group.JOIN_FORBIDDEN],
    404: [group.GROUP_NOT_FOUND],
    503: [NOT_CONNECTED],
  },
  "POST /api/group/resetLink/:instance": { ...identified, 403: [group.RESET_FORBIDDEN] },
  "GET /api/group/requests/:instance": { ...identified, 403: [group.REQUESTS_FORBIDDEN] },
  "DELETE /api/group/leave/:instance": { ...identified, 403: [group.LEAVE_FORBIDDEN] },
  "POST /api/community/create/:instance": {
    400: [community.COMMUNITY_NAME_REQUIRED, NOT_CONNECTED],
  },
  "POST /api/community/link/:instance": linking,
  "POST /api/community/unlink/:instance": linking,
  "GET /api/community/listSubGroups/:instance": {
    400: [community.COMMUNITY_JID_QUERY_REQUIRED, "invalid community JID: <reason>", NOT_CONNECTED],
    500: ["failed to get groups: <reason>"],
  },
  "POST /api/newsletter/create/:instance": {
    400: [NEWSLETTER_NAME_REQUIRED],
    503: [NOT_CONNECTED],
  },
  "GET /api/newsletter/list/:instance": { 503: [NOT_CONNECTED] },
  "GET /api/newsletter/info/:instance": channel,
  "POST /api/newsletter/join/:instance": channel,
  "DELETE /api/newsletter/leave/:instance": {
    ...channel,
    404: [newsletter.NEWSLETTER_NOT_FOUND, newsletter.NOT_SUBSCRIBED],
  },
};
