// The bench scripts' one command-line convention: `--name value`.

/** The value after `--name` on the command line, if given. */
export function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
