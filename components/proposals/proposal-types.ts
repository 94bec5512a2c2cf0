// The wire shapes the review queue reads: the server's zod schemas, as types.
import type { Page } from "@/server/api/schemas";
import type { WireProposal } from "@/server/api/routes/proposals";

export type { WireProposal as Proposal, WireProposalDetail as ProposalDetail } from "@/server/api/routes/proposals";
export type ProposalPage = Page<WireProposal>;
