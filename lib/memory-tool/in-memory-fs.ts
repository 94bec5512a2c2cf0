import type { MemoryToolFile, MemoryToolFs } from "./fs";

const encoder = new TextEncoder();

/** A MemoryToolFs over a Map, for tests and previews. Misuse throws, as a database constraint would. */
export class InMemoryFs implements MemoryToolFs {
  readonly files: Map<string, string>;

  constructor(initial: Record<string, string> = {}) {
    this.files = new Map(Object.entries(initial));
  }

  async list(prefix: string): Promise<MemoryToolFile[]> {
    return [...this.files]
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, content]) => ({
        path,
        sizeBytes: encoder.encode(content).length,
      }));
  }

  async read(path: string): Promise<{ content: string } | null> {
    const content = this.files.get(path);
    return content === undefined ? null : { content };
  }

  async create(path: string, content: string): Promise<void> {
    if (this.files.has(path)) throw new Error(`InMemoryFs: ${path} exists`);
    this.files.set(path, content);
  }

  async update(path: string, content: string): Promise<void> {
    if (!this.files.has(path)) throw new Error(`InMemoryFs: ${path} does not exist`);
    this.files.set(path, content);
  }

  async remove(path: string): Promise<void> {
    if (!this.files.delete(path)) throw new Error(`InMemoryFs: ${path} does not exist`);
  }

  async rename(from: string, to: string): Promise<void> {
    const content = this.files.get(from);
    if (content === undefined) throw new Error(`InMemoryFs: ${from} does not exist`);
    if (this.files.has(to)) throw new Error(`InMemoryFs: ${to} exists`);
    this.files.delete(from);
    this.files.set(to, content);
  }

  /** Plain object snapshot, sorted by path. */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
