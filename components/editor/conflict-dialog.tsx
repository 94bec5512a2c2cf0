"use client";
import { useState } from "react";
import { Modal } from "@/components/ui/modal";
import { LazyDiffViewer } from "./lazy-editors";
import styles from "./editor.module.css";

/**
 * Someone wrote the file after the user started editing. Their version on the left, the user's on
 * the right (editable, to merge by hand); nothing is written until the user picks.
 */
export function ConflictDialog({
  path,
  theirs,
  mine,
  busy,
  onKeepTheirs,
  onSave,
  onClose,
}: {
  path: string;
  theirs: string;
  mine: string;
  busy: boolean;
  onKeepTheirs: () => void;
  onSave: (content: string) => void;
  onClose: () => void;
}) {
  const [merged, setMerged] = useState(mine);
  const [merging, setMerging] = useState(false);
  return (
    <Modal
      open
      wide
      title="This file changed while you were editing"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button ghost" onClick={onKeepTheirs} disabled={busy}>
            Keep theirs
          </button>
          {merging ? (
            <button type="button" className="button" onClick={() => onSave(merged)} disabled={busy}>
              Save merged version
            </button>
          ) : (
            <>
              <button type="button" className="button ghost" onClick={() => setMerging(true)} disabled={busy}>
                Merge manually
              </button>
              <button type="button" className="button danger" onClick={() => onSave(mine)} disabled={busy}>
                Overwrite with mine
              </button>
            </>
          )}
        </>
      }
    >
      <p className="muted">
        Left: the current version of <code>{path}</code> (theirs). Right: your edit{merging ? " — edit it into the version you want, then save" : ""}.
      </p>
      <div className={styles.diffLabels} data-testid="diff-labels">
        <span>Theirs (current)</span>
        <span>{merging ? "Merged (editable)" : "Yours"}</span>
      </div>
      <LazyDiffViewer
        original={theirs}
        modified={merging ? merged : mine}
        path={path}
        editable={merging}
        onModifiedChange={setMerged}
        height={380}
        testId="conflict-diff"
      />
    </Modal>
  );
}
