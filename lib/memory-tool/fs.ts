// The storage the memory tool runs against, over STORE paths (`/a/b.md`). Directories are
// implicit: one exists while a file lives below it. The database implements this inside one
// transaction, so a command sees and changes one consistent head.

export type MemoryToolFile = { path: string; sizeBytes: number };

export type MemoryToolFs = {
  /** Every file below a directory prefix (`/` or `/a/`), at any depth. */
  list(prefix: string): Promise<MemoryToolFile[]>;
  read(path: string): Promise<{ content: string } | null>;
  create(path: string, content: string): Promise<void>;
  update(path: string, content: string): Promise<void>;
  remove(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
};
