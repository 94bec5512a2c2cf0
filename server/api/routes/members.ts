import "server-only";
import { z } from "@hono/zod-openapi";
import { roles } from "../../auth/principal";
import { createMember } from "../../users/create-member";
import { listUsers } from "../../users/list-users";
import { toWireUser } from "../../users/serialize-user";
import { setUserActive } from "../../users/set-user-active";
import { setUserRole } from "../../users/set-user-role";
import { defineRoute } from "../define-route";
import { limit, page, pageOf } from "../schemas";

const tag = "Members";
const memberParams = z.object({ member_id: z.string().min(1).max(100) });
const role = z.enum(roles);

const memberSchema = z
  .object({
    type: z.literal("member"),
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role,
    has_password: z.boolean(),
    deactivated_at: z.string().nullable(),
    last_login_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Member");
export type WireMember = z.infer<typeof memberSchema>;

export const memberRoutes = [
  defineRoute({
    method: "get",
    path: "/members",
    summary: "List the workspace's console members, oldest first; `q` keeps those whose email or name contains it (any case)",
    tag,
    query: z.object({ limit, page, q: z.string().trim().min(1).max(200).optional() }),
    response: pageOf(memberSchema),
    handler: ({ ctx, query }) => listUsers(ctx, query),
  }),
  defineRoute({
    method: "post",
    path: "/members",
    summary: "Add a member; with password `generate`, the initial password is in `initial_password`, shown this once",
    tag,
    body: z.strictObject({
      email: z.string().max(254),
      name: z.string().max(100),
      role,
      password: z.union([z.literal("generate"), z.literal("none"), z.strictObject({ set: z.string().min(8).max(200) })]).default("generate"),
    }),
    status: 201,
    response: memberSchema.extend({ initial_password: z.string().nullable() }),
    handler: async ({ ctx, body }) => {
      const { user, initialPassword } = await createMember(ctx, body);
      return { ...toWireUser(user), initial_password: initialPassword };
    },
  }),
  defineRoute({
    method: "post",
    path: "/members/{member_id}/role",
    summary: "Change a member's role (the last active admin cannot be demoted)",
    tag,
    params: memberParams,
    body: z.strictObject({ role }),
    response: memberSchema,
    handler: async ({ ctx, params, body }) => toWireUser(await setUserRole(ctx, params.member_id, body.role)),
  }),
  defineRoute({
    method: "post",
    path: "/members/{member_id}/deactivate",
    summary: "Deactivate a member: refused from the next request on (the last active admin cannot be deactivated)",
    tag,
    params: memberParams,
    body: z.strictObject({}),
    bodyOptional: true,
    response: memberSchema,
    handler: async ({ ctx, params }) => toWireUser(await setUserActive(ctx, params.member_id, false)),
  }),
  defineRoute({
    method: "post",
    path: "/members/{member_id}/reactivate",
    summary: "Reactivate a deactivated member",
    tag,
    params: memberParams,
    body: z.strictObject({}),
    bodyOptional: true,
    response: memberSchema,
    handler: async ({ ctx, params }) => toWireUser(await setUserActive(ctx, params.member_id, true)),
  }),
];
