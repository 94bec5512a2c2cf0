import styles from "./unified-diff.module.css";

/** A unified diff as text, each line coloured by its +/-/@@ prefix. No Monaco needed. */
export function UnifiedDiff({ text }: { text: string }) {
  const lines = text.split("\n").filter((line, index, all) => !(index === all.length - 1 && line === ""));
  return (
    <pre className={styles.diff} data-testid="unified-diff">
      {lines.map((line, index) => {
        const kind =
          line.startsWith("+++") || line.startsWith("---")
            ? "file"
            : line.startsWith("+")
              ? "add"
              : line.startsWith("-")
                ? "del"
                : line.startsWith("@@")
                  ? "hunk"
                  : "ctx";
        return (
          <span key={index} className={styles.line} data-kind={kind}>
            {line || " "}
            {"\n"}
          </span>
        );
      })}
    </pre>
  );
}
