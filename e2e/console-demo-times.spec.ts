import { expect, test } from "./fixtures";
import { signIn } from "./helpers/developer";

type Session = { id: string; title: string; started_at: string; ended_at: string | null };

test("the demo's versions and reads happen inside their sessions, not at seed time", async ({ page, fixture }) => {
  await signIn(page, fixture);
  // Through the console's own API session (same origin, the signed-in admin).
  const sessions = await page.evaluate(async () => {
    const res = await fetch("/api/v1/sessions?limit=100&wrote=true");
    return ((await res.json()) as { data: Session[] }).data;
  });
  const demo = sessions.filter((s) => s.ended_at && Date.parse(s.started_at) < Date.now() - 86_400_000);
  expect(demo.length).toBeGreaterThan(5);
  for (const session of demo.slice(0, 8)) {
    const events = await page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/sessions/${id}/timeline?limit=200`);
      return ((await res.json()) as { data: { created_at: string }[] }).data;
    }, session.id);
    expect(events.length, session.title).toBeGreaterThan(0);
    for (const event of events) {
      const at = Date.parse(event.created_at);
      expect(at, `${session.title}: event at ${event.created_at}, session ${session.started_at}–${session.ended_at}`).toBeGreaterThanOrEqual(
        Date.parse(session.started_at),
      );
      expect(at).toBeLessThanOrEqual(Date.parse(session.ended_at!));
    }
  }
});
