import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

// Issue 16 "What did this agent learn": per file, the net change from before the session to its
// end (one diff per file, not one per write), with the reads (of any file) that preceded its writes.
test("a session page shows one net diff per file with the reads before its writes", async ({ page, request, fixture }) => {
  const tag = fixture.storeName.replace("e2e-store-", "");
  const api = agentApi(request, fixture);
  const before = await api.create(`/learn/${tag}/a.md`, "alpha\nbeta\n");
  const session = await api.startSession(`Learning ${tag}`);
  const headers = { authorization: `Bearer ${fixture.apiKey}`, "x-engram-session-id": session.id };
  const read = await request.get(`/api/v1/memory_stores/${fixture.storeId}/memories/${before.id}?view=full`, { headers });
  expect(read.ok()).toBe(true);
  await api.update(before.id, "alpha\nbeta v1\n", session.id);
  await api.update(before.id, "alpha\nbeta v2\ngamma\n", session.id);
  await api.create(`/learn/${tag}/b.md`, "brand new\n", session.id);
  await api.endSession(session.id);

  await signIn(page, fixture);
  await page.goto(`/sessions/${session.id}`);
  const learned = page.getByRole("region", { name: "What this session learned" });
  const files = learned.getByTestId("learned-file");
  await expect(files).toHaveCount(2);

  const file = (path: string) => files.filter({ has: page.getByTestId("learned-path").getByText(path, { exact: true }) });
  const a = file(`/learn/${tag}/a.md`);
  await expect(a).toContainText("2 writes");
  const diff = a.getByTestId("unified-diff");
  await expect(diff).toHaveCount(1);
  await expect(diff).toContainText("-beta");
  await expect(diff).toContainText("+beta v2");
  await expect(diff).toContainText("+gamma");
  await expect(diff).not.toContainText("beta v1"); // the intermediate write (the random path may hold "v1")
  await expect(a.getByTestId("learned-reads")).toContainText("read before writing");
  await expect(a.getByTestId("learned-reads").getByRole("listitem")).toHaveCount(1);

  const b = file(`/learn/${tag}/b.md`);
  await expect(b).toContainText("created");
  await expect(b.getByTestId("unified-diff")).toContainText("+brand new");
  // What the agent had read when it wrote b.md: a.md (reads of any file, before the write).
  await expect(b.getByTestId("learned-reads").getByRole("listitem")).toHaveCount(1);
  await expect(b.getByTestId("learned-reads")).toContainText(`/learn/${tag}/a.md`);
});

test("a file's reads before writing show the newest few, the rest one click away", async ({ page, request, fixture }) => {
  const tag = fixture.storeName.replace("e2e-store-", "");
  const api = agentApi(request, fixture);
  const sources = [];
  for (let i = 0; i < 6; i++) sources.push(await api.create(`/reads/${tag}/source-${i}.md`, `source ${i}\n`));
  const session = await api.startSession(`Reading ${tag}`);
  const headers = { authorization: `Bearer ${fixture.apiKey}`, "x-engram-session-id": session.id };
  for (const source of sources) {
    const read = await request.get(`/api/v1/memory_stores/${fixture.storeId}/memories/${source.id}?view=full`, { headers });
    expect(read.ok()).toBe(true);
  }
  await api.create(`/reads/${tag}/summary.md`, "what the six sources say\n", session.id);
  await api.endSession(session.id);

  await signIn(page, fixture);
  await page.goto(`/sessions/${session.id}`);
  const reads = page.getByRole("region", { name: "What this session learned" }).getByTestId("learned-reads");
  await expect(reads).toContainText("read before writing");
  // Newest first: the last three files read, then a button for the other three.
  await expect(reads.getByRole("listitem")).toHaveCount(3);
  await expect(reads.getByRole("listitem").first()).toContainText(`/reads/${tag}/source-5.md`);
  const more = reads.getByRole("button", { name: "Show 3 more" });
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await more.click();
  await expect(reads.getByRole("listitem")).toHaveCount(6);
  await expect(reads.getByRole("listitem").last()).toContainText(`/reads/${tag}/source-0.md`);
  await reads.getByRole("button", { name: "Show fewer" }).click();
  await expect(reads.getByRole("listitem")).toHaveCount(3);
});
