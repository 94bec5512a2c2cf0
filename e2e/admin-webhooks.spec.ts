import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { expect, test } from "./fixtures";
import { signInAs } from "./support/console-seed";

type Received = { headers: IncomingHttpHeaders; body: string };

test("an admin adds a webhook, sees its secret once, sends a test, rotates, disables, enables and deletes it", async ({ page, fixture }) => {
  const received: Received[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/e2e-hook`;
  try {
    await signInAs(page, fixture);
    await page.goto("/admin#webhooks-heading");
    const section = page.getByRole("region", { name: "Webhooks", exact: true });
    await expect(section.getByTestId("webhooks-empty")).toBeVisible();

    // A refused URL shows the API's reason.
    const form = page.getByRole("form", { name: "Create webhook" });
    await form.getByLabel("Endpoint URL").fill("ftp://example.org/hook");
    await form.getByRole("button", { name: "Create webhook" }).click();
    await expect(section.getByRole("alert")).toContainText("url: must use http or https");

    await form.getByLabel("Endpoint URL").fill(url);
    await form.getByLabel("Description").fill("e2e receiver");
    await form.getByRole("button", { name: "Create webhook" }).click();
    const dialog = page.getByRole("dialog", { name: "New webhook secret" });
    const secret = (await dialog.getByTestId("shown-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await dialog.getByRole("button", { name: "Done" }).click();
    const row = section.getByTestId("webhook-row").filter({ hasText: url });
    await expect(row).toContainText("enabled");
    await expect(row).toContainText(`${secret.slice(0, 12)}…`);
    expect(await page.content()).not.toContain(secret);

    // A test event arrives signed with that secret; the deliveries table shows it.
    await row.getByRole("button", { name: "Send test" }).click();
    const deliveries = page.getByRole("region", { name: `Deliveries to ${url}` });
    await expect(deliveries.getByTestId("delivery-row").filter({ hasText: "webhook.test" })).toContainText("succeeded");
    await expect(deliveries.getByTestId("delivery-row").first()).toContainText("200");
    expect(received).toHaveLength(1);
    const headers = { ...received[0].headers } as Record<string, string>;
    expect(new Webhook(secret).verify(received[0].body, headers)).toMatchObject({ type: "event", data: { type: "webhook.test" } });

    // Rotating shows a new secret once.
    await row.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByRole("dialog", { name: "Rotated webhook secret" });
    const next = (await rotated.getByTestId("shown-secret").textContent())!.trim();
    expect(next).toMatch(/^whsec_/);
    expect(next).not.toBe(secret);
    await rotated.getByRole("button", { name: "Done" }).click();
    await expect(row).toContainText(`${next.slice(0, 12)}…`);

    // Disabled: the reason is shown; enabled again.
    await row.getByRole("button", { name: "Disable" }).click();
    await expect(row.getByTestId("disabled-reason")).toHaveText("Disabled by an admin.");
    await row.getByRole("button", { name: "Enable" }).click();
    await expect(row).toContainText("enabled");
    await expect(row.getByTestId("disabled-reason")).toHaveCount(0);

    await row.getByRole("button", { name: "Delete" }).click();
    await page
      .getByRole("dialog", { name: `Delete the webhook to ${url}?` })
      .getByRole("button", { name: "Delete webhook" })
      .click();
    await expect(section.getByTestId("webhooks-empty")).toBeVisible();
  } finally {
    receiver.close();
  }
});
