import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { verifyRedactionCertificate, type RedactionCertificate } from "@/server/redaction/redaction-certificate";

/** `redaction verify FILE [--public-key PEM]`: checks a downloaded redaction certificate without the database. */
export function redactionVerify(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { "public-key": { type: "string" }, json: { type: "boolean" } } });
  if (!positionals[0]) {
    console.error("Usage: npm run cli -- redaction verify FILE [--public-key PEM]");
    return 2;
  }
  const certificate = JSON.parse(readFileSync(positionals[0], "utf8")) as RedactionCertificate;
  const trusted = values["public-key"] ? readFileSync(values["public-key"], "utf8") : undefined;
  const check = verifyRedactionCertificate(certificate, trusted);
  const s = certificate.statement;
  if (values.json) {
    console.log(JSON.stringify({ ok: check.ok, trusted_key: Boolean(trusted), problems: check.problems, statement: s }, null, 2));
    return check.ok ? 0 : 1;
  }
  if (check.ok) {
    console.log(
      `OK: redaction ${s.redaction_id} (${s.mode}, ${s.version_count} versions) by ${s.actor.type} ${s.actor.id} at ${s.created_at}, audit event ${s.audit_seq}`,
    );
    if (!trusted) console.log("note: signature checked against the key inside the certificate; pass --public-key to pin the server's key");
    return 0;
  }
  for (const problem of check.problems) console.log(`INVALID: ${problem}`);
  return 1;
}
