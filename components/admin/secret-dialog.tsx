"use client";
import { Modal } from "@/components/ui/modal";
import styles from "./secret-dialog.module.css";

/** A secret shown this once, with a copy button. */
export function SecretDialog({ title, secret, note, onClose }: { title: string; secret: string | null; note: string; onClose: () => void }) {
  return (
    <Modal
      title={title}
      open={secret !== null}
      onClose={onClose}
      actions={
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      }
    >
      <p className="muted">{note}</p>
      <div className={styles.row}>
        <code data-testid="shown-secret">{secret}</code>
        <button type="button" className="button ghost" onClick={() => secret && void navigator.clipboard?.writeText(secret)}>
          Copy
        </button>
      </div>
    </Modal>
  );
}
