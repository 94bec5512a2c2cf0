"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

// `scope`: the permission (server/auth/permissions.ts) without which the entry is hidden.
export const navItems = [
  { href: "/stores", label: "Stores", scope: "stores:read" },
  { href: "/sessions", label: "Sessions", scope: "sessions:read" },
  { href: "/compliance", label: "Compliance", scope: "redaction:create" },
  { href: "/audit", label: "Audit", scope: "audit:read" },
  { href: "/admin", label: "Admin", scope: "members:manage" },
] as const;

export function NavLinks({ scopes }: { scopes: readonly string[] }) {
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {navItems
        .filter((item) => scopes.includes(item.scope))
        .map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <Link key={item.href} href={item.href} aria-current={active ? "page" : undefined}>
              {item.label}
            </Link>
          );
        })}
    </nav>
  );
}
