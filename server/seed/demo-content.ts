import "server-only";
// The demo workspace's cast and the text its agents "learn", as plain data. seed-demo.ts plays
// it through the domain layer; nothing here touches the database.

export const DEMO_MARKER = { engram_demo: "true" };

export const demoUsers = [
  { email: "admin@engram.local", name: "Ada Admin", role: "admin" },
  { email: "developer@engram.local", name: "Dev Okafor", role: "developer" },
  { email: "compliance@engram.local", name: "Cora Compliance", role: "compliance" },
  { email: "viewer@engram.local", name: "Vic Viewer", role: "viewer" },
] as const;

export const demoStores = {
  policies: { name: "policies", description: "Org-wide conventions every agent follows: security, writing style, data retention." },
  maya: { name: "maya-chen", description: "Personal memory of Maya Chen's assistants (research, inbox)." },
  raj: { name: "raj-patel", description: "Personal memory of Raj Patel's coding assistant." },
} as const;

export const demoAgents = {
  research: { name: "maya-research-assistant", description: "Researches markets and drafts briefs for Maya Chen." },
  inbox: { name: "maya-inbox-assistant", description: "Triages Maya Chen's inbox and tracks follow-ups." },
  coding: { name: "raj-coding-assistant", description: "Pairs with Raj Patel on the billing service." },
} as const;

/** A fake secret, leaked into an early version of a deploy note so the redaction demo has something to find. */
export const LEAKED_KEY = "sk-live-4f9a2c7e1b8d3f6a0e5c9b2d7a1f4e8c51d0";

export const policyFiles: Record<string, string[]> = {
  "/security/secrets-handling.md": [
    "# Secrets handling\n\n- Never write credentials, tokens or API keys into memory files.\n- Secrets live in Vault; reference them by path (`secret/<team>/<name>`).\n",
    "- If a secret appears in memory, report it to #security and ask compliance to redact it.\n",
    "- Rotate any key that was ever written to memory, even after redaction.\n",
  ],
  "/style/writing-guide.md": [
    "# Writing guide\n\n- Lead with the answer, then the evidence.\n- Prefer short sentences and active voice.\n",
    "- Dates in ISO 8601 (2025-06-01); amounts with currency codes (EUR 1,200).\n",
    "- Link sources inline; no bare URLs in customer-facing text.\n",
    "- Headings in sentence case.\n",
  ],
  "/data-retention.md": [
    "# Data retention\n\n| data | keep for |\n|---|---|\n| meeting notes | 1 year |\n| customer emails | 90 days |\n",
    "| personal data of contacts | while the relationship is active |\n",
    "| agent lessons-learned logs | indefinitely (no personal data) |\n",
  ],
  "/code-of-conduct.md": [
    "# Agent code of conduct\n\n1. Act only within the stores you are granted.\n2. Record what you learned and why, not raw transcripts.\n",
    "3. When unsure, ask the human owner instead of guessing.\n",
  ],
};

type Playbook = { path: string; header: string; lines: string[] }[];

export const researchPlaybook: Playbook = [
  {
    path: "/notes/projects/q3-market-analysis.md",
    header: "# Q3 market analysis — warehouse robotics\n\n## Findings\n",
    lines: [
      "- Mid-size 3PLs are the fastest-growing buyer segment (about 18% YoY).",
      "- Competitor Lumen shipped pallet-picking arms; pricing starts near EUR 140k per cell.",
      "- Customers cite integration with existing WMS as the main blocker, not price.",
      "- Germany and the Netherlands lead EU adoption; France lags on labour regulation.",
      "- Leasing models reduce sales cycles from ~9 to ~5 months in interviews.",
      "- Maya wants the TAM estimate split by warehouse size, not by region.",
      "- Two analyst reports disagree on 2026 volume; use the conservative one.",
      "- Follow up: interview notes from Rotterdam visit still missing.",
      "- Safety certification (ISO 10218) adds ~3 months to deployments.",
      "- Draft executive summary reviewed by Maya; she asked for fewer adjectives.",
    ],
  },
  {
    path: "/notes/reading-list.md",
    header: "# Reading list\n\n",
    lines: [
      "- [ ] 'The Automated Warehouse' (MIT Sloan, 2024)",
      "- [x] McKinsey: Logistics automation outlook",
      "- [ ] Interact Analysis: mobile robots forecast",
      "- [x] Internal: 2024 win/loss review",
      "- [ ] Gartner hype cycle for supply chain execution",
      "- [ ] ABI Research: cobots in fulfilment",
    ],
  },
  {
    path: "/lessons-learned.md",
    header: "# Lessons learned\n\nWhat went wrong or right, so the next session does better.\n\n",
    lines: [
      "- Maya prefers tables over bullet lists for comparisons.",
      "- Always state the date of a market figure; she rejected an undated number.",
      "- Search results from vendor blogs are marketing; cross-check with an analyst source.",
      "- Summaries longer than one page get skimmed; keep the brief to 400 words.",
      "- Ask before booking meetings on Fridays.",
      "- When a source is paywalled, say so instead of paraphrasing the abstract.",
      "- Convert currencies with the ECB rate of the report's date.",
    ],
  },
];

export const inboxPlaybook: Playbook = [
  {
    path: "/inbox/triage-rules.md",
    header: "# Inbox triage rules\n\n",
    lines: [
      "- Invoices → forward to finance@, label 'finance'.",
      "- Recruiter emails → archive unless from a known agency.",
      "- Anything from the CEO's office → flag and notify within 1 hour.",
      "- Newsletters → 'read later', never in the daily summary.",
      "- Customer escalations → summarise in 3 lines, draft a reply, do not send.",
      "- Calendar invites without agenda → ask for one politely.",
    ],
  },
  {
    path: "/inbox/follow-ups.md",
    header: "# Open follow-ups\n\n",
    lines: [
      "- Rotterdam 3PL: send NDA draft (waiting on legal).",
      "- Lumen partnership call: propose two slots next week.",
      "- Board deck: Maya owes slide 7 numbers by Thursday.",
      "- Conference in Hamburg: confirm speaker slot.",
      "- Vendor survey: remind three non-responders.",
    ],
  },
];

export const codingPlaybook: Playbook = [
  {
    path: "/projects/billing-service/architecture.md",
    header: "# billing-service architecture\n\n",
    lines: [
      "- Node 20 + Fastify; PostgreSQL 15 with one schema per tenant.",
      "- Invoices are generated by a nightly job (`jobs/invoice-run.ts`), idempotent by period.",
      "- Payment webhooks land in `webhooks/stripe.ts`; they must be verified with the signing secret.",
      "- Money is stored as integer minor units plus currency code; never floats.",
      "- The ledger table is append-only; corrections are compensating entries.",
      "- Feature flags come from `config/flags.yaml`, reloaded on SIGHUP.",
      "- Rate limiting sits in the API gateway, not in the service.",
    ],
  },
  {
    path: "/lessons-learned.md",
    header: "# Lessons learned\n\n",
    lines: [
      "- Run `npm run test:integration` before pushing; CI takes 20 minutes to say the same.",
      "- Raj wants small commits with imperative messages.",
      "- The staging database is shared; never run destructive migrations there without asking.",
      "- Timezone bugs: invoice periods are UTC, display is the tenant's zone.",
      "- Flaky test `ledger.spec.ts` is a real race, not flakiness; it needs a lock.",
      "- Prefer `zod` schemas at boundaries; Raj rejected hand-written validators.",
      "- Do not bump dependencies in feature branches.",
    ],
  },
  {
    path: "/snippets/sql.md",
    header: "# Useful SQL\n\n",
    lines: [
      "```sql\n-- unpaid invoices older than 30 days\nSELECT id, tenant_id, due_at FROM invoices WHERE paid_at IS NULL AND due_at < now() - interval '30 days';\n```",
      "```sql\n-- ledger balance per tenant\nSELECT tenant_id, sum(amount_minor) FROM ledger GROUP BY tenant_id;\n```",
      "```sql\n-- slow queries\nSELECT query, mean_exec_time FROM pg_stat_statements ORDER BY mean_exec_time DESC LIMIT 10;\n```",
    ],
  },
];

export const deployNoteWithLeak =
  "# Deploy notes — billing-service\n\n" +
  "1. `npm run build && npm run migrate`\n" +
  "2. Export the Stripe key before starting:\n\n" +
  "```sh\nexport STRIPE_SECRET_KEY=" +
  LEAKED_KEY +
  "\n```\n\n" +
  "3. `pm2 reload billing`\n";

export const deployNoteFixed =
  "# Deploy notes — billing-service\n\n" +
  "1. `npm run build && npm run migrate`\n" +
  "2. The Stripe key comes from Vault (`secret/billing/stripe`); the deploy job injects it.\n" +
  "3. `pm2 reload billing`\n" +
  "4. Watch `billing_webhook_failures_total` for 10 minutes.\n";

export const sessionTitles = {
  research: ["Q3 market sizing", "Competitor scan", "Draft executive brief", "Reading list cleanup", "Interview synthesis", "TAM by warehouse size"],
  inbox: ["Morning triage", "Follow-up sweep", "Weekly inbox summary", "Calendar cleanup"],
  coding: ["Fix invoice rounding", "Webhook retries", "Ledger race investigation", "Deploy billing v2.3", "Refactor invoice job", "SQL performance pass"],
} as const;

export type Preferences = Record<string, unknown>;

export const preferenceSteps: Record<"research" | "inbox" | "coding", ((prefs: Preferences) => Preferences)[]> = {
  research: [
    () => ({ owner: "Maya Chen", timezone: "Europe/Berlin", tone: "concise", citation_style: "APA" }),
    (p) => ({ ...p, summary_length_words: 400 }),
    (p) => ({ ...p, comparison_format: "table" }),
    (p) => ({ ...p, currencies: ["EUR", "USD"], convert_with: "ECB reference rate" }),
    (p) => ({ ...p, avoid_meetings: ["Friday"] }),
  ],
  inbox: [
    () => ({ owner: "Maya Chen", daily_summary_at: "08:30", vip_senders: ["ceo-office@acme.example"] }),
    (p) => ({ ...p, auto_archive: ["newsletters", "recruiters"] }),
    (p) => ({ ...p, draft_replies: true, send_without_review: false }),
  ],
  coding: [
    () => ({ owner: "Raj Patel", language: "TypeScript", test_runner: "vitest", commit_style: "imperative, small" }),
    (p) => ({ ...p, formatter: "prettier", print_width: 120 }),
    (p) => ({ ...p, review_before_push: true }),
    (p) => ({ ...p, forbidden_actions: ["migrate staging without approval", "bump deps in feature branches"] }),
  ],
};
