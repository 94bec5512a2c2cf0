// The no-secrets-in-logs check: every API key secret and password a test created must be absent
// from the output of the servers it spawned.
import { expect } from "vitest";

export function expectNoSecrets(output: string, secrets: string[], label: string): void {
  const leaked = secrets.filter((secret) => secret.length >= 8 && output.includes(secret));
  expect(leaked.map((secret) => `${secret.slice(0, 6)}… found in ${label} output`)).toEqual([]);
}
