"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { PendingBadge } from "@/components/proposals/pending-badge";
import styles from "./nav.module.css";

// `scope`: the permission (server/auth/permissions.ts) without which the entry is hidden.
export const navItems = [
  { href: "/stores", label: "Stores", scope: "stores:read" },
  { href: "/sessions", label: "Sessions", scope: "sessions:read" },
  { href: "/search", label: "Search", scope: "memory:read" },
  { href: "/review", label: "Review", scope: "proposals:review" },
  { href: "/compliance", label: "Compliance", scope: "redaction:create" },
  { href: "/holds", label: "Holds", scope: "holds:read" },
  { href: "/audit", label: "Audit", scope: "audit:read" },
  { href: "/admin", label: "Admin", scope: "members:manage" },
] as const;

export function NavLinks({ scopes }: { scopes: readonly string[] }) {
  const pathname = usePathname();
  return (
    <nav className={styles.nav} aria-label="Main">
      {navItems
        .filter((item) => scopes.includes(item.scope))
        .map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <Link key={item.href} href={item.href} aria-current={active ? "page" : undefined}>
              {item.label}
              {item.href === "/review" ? <PendingBadge /> : null}
            </Link>
          );
        })}
    </nav>
  );
}
