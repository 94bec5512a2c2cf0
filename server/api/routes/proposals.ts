import "server-only";
import { z } from "@hono/zod-openapi";
import { approveProposal } from "../../proposals/approve-proposal";
import { getProposal } from "../../proposals/get-proposal";
import { countPendingProposals, listProposals } from "../../proposals/list-proposals";
import { rejectProposal } from "../../proposals/reject-proposal";
import { defineRoute } from "../define-route";
import { actor, limit, page, pageOf } from "../schemas";

const tag = "Proposals";
const id = z.string().min(1).max(100);
const status = z.enum(["pending", "approved", "rejected"]);

/** What a write by a key with propose access answers (202). */
export const proposalReceiptSchema = z
  .object({
    type: z.literal("memory_proposal"),
    id: z.string(),
    status,
    memory_store_id: z.string(),
    memory_id: z.string().nullable(),
    operation: z.enum(["created", "modified", "deleted"]),
    path: z.string().nullable(),
    base_version_id: z.string().nullable(),
    created_by: actor,
    created_at: z.string(),
  })
  .openapi("MemoryProposalReceipt");
export type WireProposalReceipt = z.infer<typeof proposalReceiptSchema>;

const proposalSchema = proposalReceiptSchema
  .extend({
    previous_path: z.string().nullable(),
    content: z.string().nullable(),
    content_sha256: z.string().nullable(),
    cause: z.string(),
    session_id: z.string().nullable(),
    agent_id: z.string().nullable(),
    reviewed_by: z.object({ type: z.string(), id: z.string() }).nullable(),
    reviewed_at: z.string().nullable(),
    reason: z.string().nullable(),
    memory_version_id: z.string().nullable(),
    redacted_at: z.string().nullable(),
  })
  .openapi("MemoryProposal");
export type WireProposal = z.infer<typeof proposalSchema>;
const proposalDetailSchema = proposalSchema.extend({ head_version_id: z.string().nullable(), head_moved: z.boolean(), diff: z.string() });
export type WireProposalDetail = z.infer<typeof proposalDetailSchema>;

const proposalParams = z.object({ proposal_id: id });

export const proposalRoutes = [
  defineRoute({
    method: "get",
    path: "/proposals",
    summary: "Writes held for review (from keys with propose access), newest first",
    tag,
    query: z.object({ store_id: id.optional(), status: status.optional(), session_id: id.optional(), agent_id: id.optional(), limit, page }),
    response: pageOf(proposalSchema),
    handler: ({ ctx, query }) =>
      listProposals(ctx, {
        storeId: query.store_id,
        status: query.status,
        sessionId: query.session_id,
        agentId: query.agent_id,
        limit: query.limit,
        page: query.page,
      }),
  }),
  defineRoute({
    method: "get",
    path: "/proposals/pending_count",
    summary: "How many proposals wait for review in the stores you can read",
    tag,
    response: z.object({ type: z.literal("proposal_count"), pending: z.number().int() }),
    handler: ({ ctx }) => countPendingProposals(ctx),
  }),
  defineRoute({
    method: "get",
    path: "/proposals/{proposal_id}",
    summary: "A proposal, with a unified diff from the memory's current head to what it writes",
    tag,
    params: proposalParams,
    response: proposalDetailSchema,
    handler: ({ ctx, params }) => getProposal(ctx, params.proposal_id),
  }),
  defineRoute({
    method: "post",
    path: "/proposals/{proposal_id}/approve",
    summary: "Approve a proposal (optionally with edited content): commits it attributed to the proposer; 409 with the diff if the head moved, unless merge",
    tag,
    params: proposalParams,
    body: z.strictObject({ content: z.string().nullish(), merge: z.boolean().default(false) }),
    bodyOptional: true,
    response: proposalSchema,
    handler: ({ ctx, params, body }) => approveProposal(ctx, params.proposal_id, { content: body.content, merge: body.merge ?? false }),
  }),
  defineRoute({
    method: "post",
    path: "/proposals/{proposal_id}/reject",
    summary: "Reject a proposal with a reason; memory is not touched",
    tag,
    params: proposalParams,
    body: z.strictObject({ reason: z.string().trim().min(1, "reason is required").max(1000) }),
    response: proposalSchema,
    handler: ({ ctx, params, body }) => rejectProposal(ctx, params.proposal_id, body.reason),
  }),
];
