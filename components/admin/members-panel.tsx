"use client";
import { RelativeTime } from "@/components/ui/relative-time";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { usePagedList } from "@/components/api/use-paged-list";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorAlert } from "@/components/ui/error-alert";
import { errorText } from "@/components/ui/error-text";
import { LoadMore } from "@/components/ui/load-more";
import { SecretDialog } from "./secret-dialog";
import { TableWrap } from "@/components/ui/table-wrap";
import { useDebouncedValue } from "@/components/goto/use-debounced-value";
import type { WireMember } from "@/server/api/routes/members";

export type Member = WireMember;
type Created = Member & { initial_password: string | null };

export function MembersPanel({ roles, currentUserId }: { roles: readonly string[]; currentUserId: string }) {
  const client = useQueryClient();
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 200);
  const { list: members, rows: memberList } = usePagedList<Member>(queryKeys.admin.members(q), "/members", { q: q || undefined });
  const invalidate = () => client.invalidateQueries({ queryKey: queryKeys.admin.members() });
  const [secret, setSecret] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Member | null>(null);
  const [roleChange, setRoleChange] = useState<{ member: Member; role: string } | null>(null);
  const [savedRole, setSavedRole] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (body: unknown) => apiFetch<Created>("/members", { method: "POST", body }),
    onSuccess: (created) => {
      void invalidate();
      if (created.initial_password) setSecret(created.initial_password);
    },
  });
  const setRole = useMutation({
    mutationFn: ({ id, role }: { id: string; role: string }) => apiFetch<Member>(`/members/${id}/role`, { method: "POST", body: { role } }),
    onSuccess: (_, { id }) => {
      setRoleChange(null);
      setSavedRole(id);
    },
    onSettled: invalidate,
  });
  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      apiFetch<Member>(`/members/${id}/${active ? "reactivate" : "deactivate"}`, { method: "POST" }),
    onSuccess: () => setConfirm(null),
    onSettled: invalidate,
  });

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const mode = String(form.get("password_mode"));
    const password = mode === "set" ? { set: String(form.get("password")) } : mode;
    create.mutate(
      { email: form.get("email"), name: form.get("name"), role: form.get("role"), password },
      { onSuccess: () => (event.target as HTMLFormElement).reset() },
    );
  }

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <form className="inline-form" onSubmit={onCreate} onChange={() => create.error && create.reset()} aria-label="Add member">
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Role
          <select name="role" defaultValue="developer">
            {roles.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </label>
        <label>
          Initial password
          <select name="password_mode" defaultValue="generate">
            <option value="generate">generate (shown once)</option>
            <option value="set">set one</option>
            <option value="none">none (single sign-on only)</option>
          </select>
        </label>
        <label>
          Password (if set)
          <input name="password" type="password" minLength={8} autoComplete="new-password" />
        </label>
        <button className="button" type="submit" disabled={create.isPending}>
          Add member
        </button>
      </form>
      <ErrorAlert error={create.error} onDismiss={create.reset} />
      <div className="filters">
        <label>
          Find a member
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Email or name" aria-label="Find a member" />
        </label>
      </div>
      <ErrorAlert error={members.error} lead="Could not load the members:" />
      {q && members.isSuccess && memberList.length === 0 ? <p className="muted">No member&apos;s email or name contains “{q}”.</p> : null}
      <TableWrap label="Members">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Sign-in</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {memberList.map((member) => (
              <tr key={member.id} data-testid="member-row">
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>
                  <select
                    aria-label={`Role of ${member.email}`}
                    value={member.role}
                    disabled={setRole.isPending}
                    onChange={(e) => {
                      setSavedRole(null);
                      setRole.reset();
                      setRoleChange({ member, role: e.target.value });
                    }}
                  >
                    {roles.map((role) => (
                      <option key={role}>{role}</option>
                    ))}
                  </select>
                  {savedRole === member.id ? (
                    <span className="small saved" role="status">
                      {" "}
                      saved
                    </span>
                  ) : null}
                </td>
                <td className="muted">
                  {member.has_password ? "password" : "SSO only"} ·{" "}
                  {member.last_login_at ? (
                    <>
                      last signed in <RelativeTime value={member.last_login_at} />
                    </>
                  ) : (
                    "never signed in"
                  )}
                </td>
                <td>{member.deactivated_at ? <span className="badge danger">deactivated</span> : <span className="badge">active</span>}</td>
                <td>
                  {member.deactivated_at ? (
                    <button type="button" className="button ghost" onClick={() => setActive.mutate({ id: member.id, active: true })}>
                      Reactivate
                    </button>
                  ) : (
                    <button type="button" className="button ghost" disabled={member.id === currentUserId} onClick={() => setConfirm(member)}>
                      Deactivate
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <LoadMore list={members} />
      <SecretDialog
        title="Initial password"
        secret={secret}
        note="Give this password to the new member over a private channel. It is shown this once; Engram keeps only its hash."
        onClose={() => setSecret(null)}
      />
      <ConfirmDialog
        title="Change role?"
        open={roleChange !== null}
        confirmLabel="Change role"
        busy={setRole.isPending}
        error={errorText(setRole.error)}
        onConfirm={() => roleChange && setRole.mutate({ id: roleChange.member.id, role: roleChange.role })}
        onClose={() => {
          setRole.reset();
          setRoleChange(null);
        }}
      >
        <p data-testid="role-change">
          {roleChange?.member.name} ({roleChange?.member.email}): {roleChange?.member.role} → <strong>{roleChange?.role}</strong>. What they may do changes on
          their next request.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        title={`Deactivate ${confirm?.email ?? ""}?`}
        open={confirm !== null}
        confirmLabel="Deactivate"
        danger
        busy={setActive.isPending}
        error={errorText(setActive.error)}
        onConfirm={() => confirm && setActive.mutate({ id: confirm.id, active: false })}
        onClose={() => setConfirm(null)}
      >
        <p>
          {confirm?.name} is signed out at once: every page and API request from their session is refused from now on. Their past actions stay in the audit log.
          You can reactivate them later.
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** What each role may do, from the server's role table (permissions.ts). */
export function RoleTable({ scopes, roleScopes }: { scopes: readonly string[]; roleScopes: Record<string, readonly string[]> }) {
  const roles = Object.keys(roleScopes);
  return (
    <section className="card" aria-labelledby="roles-heading">
      <h2 id="roles-heading">What each role may do</h2>
      <TableWrap label="Roles">
        <table data-testid="role-table">
          <thead>
            <tr>
              <th>Permission</th>
              {roles.map((role) => (
                <th key={role}>{role}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {scopes.map((scope) => (
              <tr key={scope}>
                <td className="mono">{scope}</td>
                {roles.map((role) => (
                  <td key={role} aria-label={`${role} ${scope}`}>
                    {roleScopes[role].includes(scope) ? "✓" : <span className="muted">—</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
