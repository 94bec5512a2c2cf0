import "server-only";
import { createHash, createHmac, randomBytes } from "node:crypto";

export const sha256Hex = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");
export const hmacHex = (key: string, text: string) => createHmac("sha256", key).update(text).digest("hex");
export const byteLength = (text: string) => Buffer.byteLength(text, "utf8");

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Unbiased base62 secret. */
export function randomToken(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}
