"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { Modal } from "@/components/ui/modal";
import { LazyDiffViewer } from "./lazy-editors";
import styles from "./editor.module.css";

/**
 * A rename or delete was refused because someone wrote the file after the user opened it. Shows
 * what changed (the version the user opened on the left, the current one on the right) and lets
 * the user go ahead against the current version or cancel; nothing happens until they choose.
 */
export function StaleActionDialog({
  action,
  path,
  opened,
  current,
  busy,
  error,
  onProceed,
  onClose,
}: {
  action: "rename" | "delete";
  path: string;
  opened: string;
  current: string;
  busy: boolean;
  error: string | null;
  onProceed: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      open
      wide
      title={`This file changed since you opened it`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={action === "delete" ? "button danger" : "button"} onClick={onProceed} disabled={busy}>
            {action === "delete" ? "Delete the current version" : "Rename the current version"}
          </button>
        </>
      }
    >
      <p className="muted">
        Someone wrote <code>{path}</code> after you opened it, so the {action} was not done. Left: the version you opened. Right: the current one, which the{" "}
        {action} would now apply to.
      </p>
      {error ? <ErrorAlert error={error} /> : null}
      <div className={styles.diffLabels} data-testid="diff-labels">
        <span>You opened</span>
        <span>Current</span>
      </div>
      <LazyDiffViewer original={opened} modified={current} path={path} height={340} testId="stale-action-diff" />
    </Modal>
  );
}
