import "server-only";
import { Header, Pax } from "tar";

const BLOCK = 512;

/** One regular-file entry of a ustar archive (with a PAX header when the path is long or not ASCII). */
export function tarFile(path: string, body: Buffer, mtime: Date): Buffer {
  const fields = { path, mode: 0o644, size: body.length, mtime, type: "File" as const, uid: 0, gid: 0, uname: "", gname: "" };
  const header = new Header(fields);
  const needPax = header.encode() || !/^[\x20-\x7e]*$/.test(path);
  const parts: Buffer[] = [];
  if (needPax) parts.push(new Pax({ path, mtime, size: body.length }).encode());
  if (needPax) {
    const plain = new Header({ ...fields, path: path.replace(/[^\x20-\x7e]/g, "_").slice(-99) });
    plain.encode();
    parts.push(plain.block!);
  } else parts.push(header.block!);
  parts.push(body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
  return Buffer.concat(parts);
}

/** Two zero blocks end an archive. */
export const tarEnd = () => Buffer.alloc(BLOCK * 2);
