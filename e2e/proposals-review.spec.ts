import { execFileSync } from "node:child_process";
import { expect, test } from "./fixtures";
import { seedUser, signInAs } from "./support/console-seed";

type Seeded = { storeId: string; storeName: string; agentId: string; memories: { path: string; memoryId: string; proposalId: string }[] };

function seedProposals(): Seeded {
  const out = execFileSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--import", "./scripts/server-only-hook.mjs", "e2e/support/seed-proposals.ts"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL },
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Seeded;
}

test("a developer reviews three proposals: approves one (keyboard), edits and approves one, rejects one; history shows the results", async ({ page }) => {
  test.setTimeout(120_000);
  const seeded = seedProposals();
  const developer = seedUser("developer");
  await signInAs(page, developer);

  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByTestId("pending-proposals")).toBeVisible();
  await nav.getByRole("link", { name: /Review/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Review" })).toBeVisible();
  await page.getByLabel("Store").selectOption(seeded.storeId);
  const items = page.getByTestId("proposal");
  await expect(items).toHaveCount(3);
  const detail = page.getByTestId("proposal-detail");

  // Newest first: /reject.md, /edit.md, /approve.md. j moves down twice to /approve.md; a approves it.
  await expect(detail.getByRole("heading", { name: "/reject.md" })).toBeVisible();
  await page.keyboard.press("j");
  await expect(detail.getByRole("heading", { name: "/edit.md" })).toBeVisible();
  await page.keyboard.press("j");
  await expect(detail.getByRole("heading", { name: "/approve.md" })).toBeVisible();
  await expect(detail.getByTestId("unified-diff")).toContainText("+approved line");
  await page.keyboard.press("a");
  await expect(items).toHaveCount(2);

  // Edit and approve /edit.md.
  await items.filter({ hasText: "/edit.md" }).getByRole("button").click();
  await expect(detail.getByRole("heading", { name: "/edit.md" })).toBeVisible();
  await detail.getByRole("button", { name: "Edit before approving" }).click();
  await detail.getByLabel("Edited content").fill("draft, as the reviewer fixed it\n");
  await detail.getByRole("button", { name: "Approve edited" }).click();
  await expect(items).toHaveCount(1);

  // Reject /reject.md with r and a reason.
  await expect(detail.getByRole("heading", { name: "/reject.md" })).toBeVisible();
  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog", { name: /Reject/ });
  await dialog.getByLabel("Reason").fill("Looks like a prompt injection");
  await dialog.getByRole("button", { name: "Reject" }).click();
  await expect(page.getByTestId("no-proposals")).toBeVisible();

  // History: the approved versions are there, attributed to the proposing key; the rejected file is unchanged.
  const byPath = new Map(seeded.memories.map((m) => [m.path, m]));
  const approved = byPath.get("/approve.md")!;
  await page.goto(`/stores/${seeded.storeId}?file=${approved.memoryId}&tab=history`);
  // Two versions now: the original and the approved proposal.
  await expect(page.getByTestId("history-list").getByRole("listitem")).toHaveCount(2);
  const versions = (await (await page.request.get(`/api/v1/memory_stores/${seeded.storeId}/memory_versions?view=full&limit=100`)).json()) as {
    data: { memory_id: string; content: string; created_by: { type: string } }[];
  };
  const contentOf = (memoryId: string) => versions.data.filter((v) => v.memory_id === memoryId).map((v) => v.content);
  expect(contentOf(approved.memoryId)).toContain("keep me\napproved line\n");
  expect(contentOf(byPath.get("/edit.md")!.memoryId)).toContain("draft, as the reviewer fixed it\n");
  expect(contentOf(byPath.get("/reject.md")!.memoryId)).toEqual(["trusted\n"]);
  const rejected = (await (await page.request.get(`/api/v1/proposals/${byPath.get("/reject.md")!.proposalId}`)).json()) as { status: string; reason: string };
  expect(rejected).toMatchObject({ status: "rejected", reason: "Looks like a prompt injection" });
});
