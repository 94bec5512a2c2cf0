import type { ReactNode } from "react";
import { errorText } from "./error-text";

/**
 * The console's one error alert: nothing when there is no error; the message, optionally after a
 * lead-in ("Save failed:"), and a Dismiss button when the caller can clear the error (e.g. mutation.reset).
 */
export function ErrorAlert({ error, lead, onDismiss, testId }: { error: unknown; lead?: ReactNode; onDismiss?: () => void; testId?: string }) {
  const message = errorText(error);
  if (!message) return null;
  return (
    <div className="alert" role="alert" data-testid={testId}>
      <span>
        {lead ? <>{lead} </> : null}
        {message}
      </span>
      {onDismiss ? (
        <button type="button" className="alert-dismiss" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      ) : null}
    </div>
  );
}
