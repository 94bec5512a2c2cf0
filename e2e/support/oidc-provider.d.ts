// oidc-provider ships no type declarations; this is the part the SSO spec's test provider uses.
declare module "oidc-provider" {
  import type { Server } from "node:http";
  type Account = { accountId: string; claims: () => Promise<Record<string, unknown>> };
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown> & { findAccount?: (ctx: unknown, sub: string) => Promise<Account> });
    listen(port: number, host: string, callback: () => void): Server;
    on(event: string, listener: (ctx: unknown, error: Error) => void): this;
  }
}
