"use client";

import { UserMinus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { ConfirmDialog } from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { DataTableColumns } from "@/components/ui/data-table";
import { ClientDataTable } from "@/components/ui/data-table";
import { FormMessage } from "@/components/ui/form-message";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ActionResult } from "@/lib/errors";
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

  const columns = useMemo<DataTableColumns<Member>>(() => {
    const run = async (fn: () => Promise<ActionResult<unknown>>, success: string) => {
      const res = await fn();
      setMessage(res.ok ? { kind: "success", text: success } : { kind: "error", text: res.error.message });
      router.refresh();
    };
    const editable = (m: Member) => canManage && (m.role !== "owner" || canManageOwners);
    const cols: DataTableColumns<Member> = [
      {
        accessorKey: "email",
        header: "E-mail",
        enableSorting: true,
        cell: ({ row }) => (
          <span className="font-medium">
            {row.original.email}
            {row.original.userId === currentUserId && <span className="font-normal text-muted-foreground"> (you)</span>}
          </span>
        ),
      },
      { accessorKey: "name", header: "Name", enableSorting: true },
      {
        accessorKey: "role",
        header: "Role",
        enableSorting: true,
        cell: ({ row }) => {
          const m = row.original;
          if (!editable(m)) return <Badge variant="secondary">{m.role}</Badge>;
          return (
            <Select
              value={m.role}
              disabled={pending}
              onValueChange={(role) => startTransition(() => run(() => changeMemberRoleAction({ userId: m.userId, role }), `${m.email} is now ${role}.`))}
            >
              <SelectTrigger size="sm" className="w-28" aria-label={`Role of ${m.email}`}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="viewer">viewer</SelectItem>
                <SelectItem value="admin">admin</SelectItem>
                {canManageOwners && <SelectItem value="owner">owner</SelectItem>}
              </SelectContent>
            </Select>
          );
        },
      },
    ];
    if (canManage) {
      cols.push({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: ({ row }) => {
          const m = row.original;
          if (!editable(m)) return null;
          return (
            <div className="flex justify-end">
              <ConfirmDialog
                trigger={
                  <Button variant="destructive-outline" size="sm" disabled={pending}>
                    <UserMinus aria-hidden />
                    Remove
                  </Button>
                }
                title={`Remove ${m.email}?`}
                description={
                  m.userId === currentUserId
                    ? "You will lose access to this workspace at once. Their account stays; an owner or admin can add you again."
                    : "They lose access to this workspace at once. Their OrderBridge account stays, and you can add them again later."
                }
                confirmLabel="Remove member"
                onConfirm={() => run(() => removeMemberAction({ userId: m.userId }), `${m.email} removed.`)}
              />
            </div>
          );
        },
      });
    }
    return cols;
  }, [canManage, canManageOwners, currentUserId, pending, router]);

  return (
    <div className="grid grid-cols-1 gap-3">
      <FormMessage message={message} />
      <ClientDataTable label="Members" columns={columns} data={members} getRowId={(m) => m.userId} />
    </div>
  );
}
