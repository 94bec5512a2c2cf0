"use client";
import { useEffect, useRef, type ReactNode } from "react";

/** A modal dialog on the native <dialog> element (focus trap and Escape come with it). */
export function Modal({ title, open, onClose, children }: { title: string; open: boolean; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className="modal" aria-label={title} onClose={onClose}>
      {open ? (
        <>
          <h2>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/** Asks before a consequential action; the consequences are spelled out in `children`. */
export function ConfirmDialog({
  title,
  open,
  confirmLabel,
  danger,
  pending,
  error,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  open: boolean;
  confirmLabel: string;
  danger?: boolean;
  pending?: boolean;
  error?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Modal title={title} open={open} onClose={onClose}>
      <div className="modal-body">{children}</div>
      {error ? (
        <div className="alert" role="alert">
          {error}
        </div>
      ) : null}
      <div className="modal-actions">
        <button type="button" className="button ghost" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className={danger ? "button danger" : "button"} disabled={pending} onClick={onConfirm}>
          {pending ? "Working…" : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}

/** A secret shown this once, with a copy button. */
export function SecretDialog({ title, secret, note, onClose }: { title: string; secret: string | null; note: string; onClose: () => void }) {
  return (
    <Modal title={title} open={secret !== null} onClose={onClose}>
      <p className="muted">{note}</p>
      <div className="secret-row">
        <code data-testid="shown-secret">{secret}</code>
        <button type="button" className="button ghost" onClick={() => secret && void navigator.clipboard?.writeText(secret)}>
          Copy
        </button>
      </div>
      <div className="modal-actions">
        <button type="button" className="button" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : error ? String(error) : null);
