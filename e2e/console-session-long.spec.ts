import { expect, test } from "./fixtures";
import { agentApi, signIn } from "./helpers/developer";

// Issue 16, the console bench's 2,000-event session: the page arrives with its header and first net
// changes in the HTML (no wait for scripts and API calls), and shows its timeline a page at a time
// instead of fetching and drawing every event.
test("a long session's page is server-rendered at the top and pages its changes and timeline", async ({ page, request, fixture }) => {
  const tag = fixture.storeName.replace("e2e-store-", "");
  const api = agentApi(request, fixture);
  const session = await api.startSession(`Long run ${tag}`);
  const headers = { authorization: `Bearer ${fixture.apiKey}`, "x-engram-session-id": session.id };
  const files = [];
  for (let i = 0; i < 12; i++) files.push(await api.create(`/long/${tag}/file-${String(i).padStart(2, "0")}.md`, `note ${i}\n`, session.id));
  // 12 writes and 45 reads: 57 events, more than a page of the timeline (50).
  for (let i = 0; i < 45; i++) {
    const read = await request.get(`/api/v1/memory_stores/${fixture.storeId}/memories/${files[i % files.length].id}?view=full`, { headers });
    expect(read.ok()).toBe(true);
  }
  await api.endSession(session.id);
  await signIn(page, fixture);

  // The HTML itself (no script run) holds the session, its store's name and its newest net changes.
  const html = await (await page.request.get(`/sessions/${session.id}`)).text();
  expect(html).toContain(`Long run ${tag}`);
  expect(html).toContain(`/long/${tag}/file-11.md`);
  // React separates "in " from the name with a comment in server HTML.
  expect(html).toMatch(new RegExp(`in (<!-- -->)?${fixture.storeName}<`));
  expect(html.match(/data-testid="learned-file"/g)).toHaveLength(10);

  await page.goto(`/sessions/${session.id}`);
  const learned = page.getByRole("region", { name: "What this session learned" });
  await expect(learned.getByTestId("learned-file")).toHaveCount(10);
  await expect(learned.getByTestId("learned-path").first()).toHaveText(`/long/${tag}/file-11.md`);
  await learned.getByRole("button", { name: "Load more" }).click();
  await expect(learned.getByTestId("learned-file")).toHaveCount(12);
  await expect(learned.getByTestId("learned-path").last()).toHaveText(`/long/${tag}/file-00.md`);
  await expect(learned.getByRole("button", { name: "Load more" })).toHaveCount(0);

  const timeline = page.getByRole("region", { name: "Timeline" });
  await expect(timeline.getByTestId("timeline-event")).toHaveCount(50);
  await expect(timeline.getByTestId("timeline-shown")).toHaveText("50 of 57 events shown, oldest first.");
  await timeline.getByRole("button", { name: "Load more" }).click();
  await expect(timeline.getByTestId("timeline-event")).toHaveCount(57);
  await expect(timeline.getByTestId("timeline-shown")).toHaveCount(0);
  await expect(timeline.getByRole("button", { name: "Load more" })).toHaveCount(0);
});
