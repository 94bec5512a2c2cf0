import "server-only";
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { config } from "../config";
import { badRequest } from "../http/api-error";

/**
 * Webhooks must not become a way to reach Engram's own network: private, loopback, link-local,
 * shared, multicast and reserved addresses are refused, for every address a name resolves to, when
 * an endpoint is saved and again at each connection (send-delivery.ts resolves through
 * `checkedLookup`, so a name that later resolves elsewhere cannot slip through).
 * ENGRAM_WEBHOOK_ALLOW_PRIVATE=1 allows them (tests, receivers on the same host).
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

export const privateTargetsAllowed = () => config.webhookAllowPrivate;

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family !== 6) return true;
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms are judged as the IPv4 address they carry.
  const mapped = /^(?:::ffff:|::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1], "ipv4");
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/i.test(address)) {
    const [hi, lo] = address
      .slice(7)
      .split(":")
      .map((h) => parseInt(h, 16));
    return blocked.check(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`, "ipv4");
  }
  return blocked.check(address, "ipv6");
}

export type ResolvedAddress = { address: string; family: number };

/** Every address `host` resolves to, refused (with the reason) if any of them is private. */
export async function publicAddresses(host: string): Promise<ResolvedAddress[]> {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true });
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve`);
  if (!privateTargetsAllowed()) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new TargetRefused(`${host} resolves to a private, loopback or link-local address (${bad.address})`);
  }
  return addresses;
}

export class TargetRefused extends Error {
  readonly code = "ETARGETREFUSED";
}

/** Checks a URL an admin gives: http(s), no credentials, a host that resolves to public addresses only. */
export async function checkTargetUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest("url: must be an absolute http or https URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw badRequest("url: must use http or https");
  if (url.username || url.password) throw badRequest("url: must not carry credentials");
  try {
    await publicAddresses(url.hostname);
  } catch (error) {
    if (error instanceof TargetRefused) throw badRequest(`url: ${error.message}; set ENGRAM_WEBHOOK_ALLOW_PRIVATE=1 to allow such targets`);
    throw badRequest(`url: ${url.hostname} does not resolve`);
  }
  return url.toString();
}

/** A `lookup` for http.request that resolves as publicAddresses does, so the connection goes only where the check allowed. */
export function checkedLookup(
  hostname: string,
  options: { all?: boolean },
  callback: (error: NodeJS.ErrnoException | null, address: string | ResolvedAddress[], family?: number) => void,
): void {
  publicAddresses(hostname).then(
    (addresses) => (options.all ? callback(null, addresses) : callback(null, addresses[0].address, addresses[0].family)),
    (error: NodeJS.ErrnoException) => callback(error, ""),
  );
}
