"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { FormMessage } from "@/components/ui/form-message";
import type { Role } from "@/lib/db/schema";
import { changeMemberRoleAction, removeMemberAction } from "@/lib/workspaces/actions";

interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export function MembersTable({ members, currentUserId, canManage, canManageOwners }: { members: Member[]; currentUserId: string; canManage: boolean; canManageOwners: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; error?: { message: string } }>, success: string) =>
    startTransition(async () => {
      const res = await fn();
      setMessage(res.ok ? { kind: "success", text: success } : { kind: "error", text: res.error?.message ?? "Failed" });
      router.refresh();
    });
  return (
    <>
      <FormMessage message={message} />
      <table aria-label="Members">
        <thead>
          <tr>
            <th>E-mail</th>
            <th>Name</th>
            <th>Role</th>
            {canManage && <th />}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const editable = canManage && (m.role !== "owner" || canManageOwners);
            return (
              <tr key={m.userId}>
                <td>
                  {m.email}
                  {m.userId === currentUserId && <span className="muted"> (you)</span>}
                </td>
                <td>{m.name}</td>
                <td>
                  {editable ? (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.role}
                      disabled={pending}
                      onChange={(e) => run(() => changeMemberRoleAction({ userId: m.userId, role: e.target.value }), `${m.email} is now ${e.target.value}.`)}
                    >
                      <option value="viewer">viewer</option>
                      <option value="admin">admin</option>
                      {canManageOwners && <option value="owner">owner</option>}
                    </select>
                  ) : (
                    m.role
                  )}
                </td>
                {canManage && (
                  <td>
                    {editable && (
                      <button type="button" className="danger" disabled={pending} onClick={() => run(() => removeMemberAction({ userId: m.userId }), `${m.email} removed.`)}>
                        Remove
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
