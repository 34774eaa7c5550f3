/** HTTP routes of the profile module (ryzeapi-more.md 6). */
import type { HttpServer } from "../../platform/http/server.js";
import { literalBody } from "../../platform/http/required-fields.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams } from "../instances/instance-schemas.js";
import {
  accountBody,
  accountReply,
  getAccountQuery,
  privacyBody,
  privacyReply,
  profileReply,
  tokenQuery,
} from "./profile-schemas.js";
import { groupedSettings, type ProfileService } from "./profile-service.js";

const tags = ["profile"];
const ok = true as const;

export function registerProfileRoutes(
  app: HttpServer,
  service: ProfileService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/profile/account/:instance",
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "Update this account's picture (640×640 JPEG), name or about",
        params: instanceParams,
        body: accountBody,
        response: { 200: accountReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const updatedFields = await service.update(instance, request.body);
      const message =
        updatedFields.length === 0 ? "Profile already up to date" : "Profile updated successfully";
      return { success: ok, message, updatedFields };
    },
  );

  app.get(
    "/api/profile/getAccount/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "This account's profile, or another number's (?number=)",
        params: instanceParams,
        querystring: getAccountQuery,
        response: { 200: profileReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const found = await service.account(instance, request.query.number);
      const optional = (key: string, value: string | null) =>
        value === null || value === "" ? {} : { [key]: value };
      return {
        success: ok,
        message: found.exists ? "Profile retrieved successfully" : "Number not found on WhatsApp",
        profile: {
          profilePicture: found.pictureUrl,
          ...optional("profileName", found.name),
          ...optional("profileStatus", found.status),
          ...optional("phoneNumber", found.phone),
          ...optional("jid", found.jid),
          ...optional("lid", found.lid),
          onWhatsApp: found.exists,
        },
      };
    },
  );

  for (const path of ["/api/profile/getPrivacy/:instance", "/api/profile/privacy/:instance"]) {
    app.get(
      path,
      {
        config: { connectionBound: true },
        schema: {
          tags,
          summary: "Privacy settings",
          params: instanceParams,
          querystring: tokenQuery,
          response: { 200: privacyReply },
        },
      },
      async (request) => {
        const instance = await instanceOf(request, access, request.params.instance);
        const settings = await service.privacy(instance);
        return {
          success: ok,
          message: "Privacy settings retrieved successfully",
          settings: groupedSettings(settings),
        };
      },
    );
  }

  app.post(
    "/api/profile/privacy/:instance",
    {
      config: { ...literalBody, connectionBound: true },
      schema: {
        tags,
        summary: "Update privacy settings (only those sent)",
        params: instanceParams,
        body: privacyBody,
        response: { 200: privacyReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const settings = await service.updatePrivacy(instance, request.body);
      return {
        success: ok,
        message: "Privacy settings updated successfully",
        settings: groupedSettings(settings),
      };
    },
  );
}
