"use client";
import type { FormEvent } from "react";
import { ErrorAlert } from "@/components/ui/error-alert";

type Mutation = { isPending: boolean; error: unknown; reset: () => void };
export type NamedFields = { name: string; description: string | null };

/**
 * A row that creates a named thing with an optional description (an agent, a store): `label` names
 * the form and its button; `onCreate` gets the fields and `done`, which clears the form.
 */
export function NamedCreateForm({
  label,
  nameLabel,
  nameMaxLength,
  mutation,
  onCreate,
}: {
  label: string;
  nameLabel: string;
  nameMaxLength: number;
  mutation: Mutation;
  onCreate: (fields: NamedFields, done: () => void) => void;
}) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    onCreate({ name: String(data.get("name")), description: String(data.get("description") ?? "") || null }, () => form.reset());
  }
  return (
    <>
      <form className="inline-form" onSubmit={onSubmit} onChange={() => mutation.error && mutation.reset()} aria-label={label}>
        <label>
          {nameLabel}
          <input name="name" required maxLength={nameMaxLength} />
        </label>
        <label>
          Description
          <input name="description" maxLength={1024} />
        </label>
        <button className="button" type="submit" disabled={mutation.isPending}>
          {label}
        </button>
      </form>
      <ErrorAlert error={mutation.error} onDismiss={mutation.reset} />
    </>
  );
}
