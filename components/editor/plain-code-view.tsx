import styles from "./editor.module.css";

/**
 * Read-only text with line numbers, for showing one version. Monaco (≈ 850 kB of JavaScript) is
 * loaded only where it earns its weight: editing and side-by-side diffs. With it here, the file
 * history page painted its largest content after 2.6 s; without it, as soon as the version loads.
 */
export function PlainCodeView({ text, height, testId }: { text: string; height: number; testId?: string }) {
  const lines = text.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  return (
    <div className={styles.codeView} style={{ height }} data-testid={testId}>
      {lines.map((line, index) => (
        <div className={styles.codeLine} key={index}>
          <span className={styles.lineNo} aria-hidden>
            {index + 1}
          </span>
          <span className={styles.lineText}>{line}</span>
        </div>
      ))}
    </div>
  );
}
