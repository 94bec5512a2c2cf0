"use client";
import { useEffect, useRef, type ReactNode } from "react";
import styles from "./modal.module.css";

/** A modal <dialog>: Escape or Cancel closes it, the confirm button runs the action. */
export function Modal({
  open,
  title,
  onClose,
  children,
  actions,
  wide,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  actions?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? `${styles.modal} ${styles.wide}` : styles.modal} aria-label={title} onClose={onClose} onCancel={onClose}>
      {open ? (
        <>
          <h2>{title}</h2>
          <div className={styles.body}>{children}</div>
          <div className={styles.actions}>{actions}</div>
        </>
      ) : null}
    </dialog>
  );
}
