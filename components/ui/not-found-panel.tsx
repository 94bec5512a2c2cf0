"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

// The kind of thing a console path names, for "No such …" and the way back.
const sections: Record<string, { thing: string; back: string; label: string }> = {
  stores: { thing: "store", back: "/stores", label: "All stores" },
  sessions: { thing: "session", back: "/sessions", label: "All sessions" },
};

/** A 404 that says what was not found and offers a way back. */
export function NotFoundPanel() {
  const pathname = usePathname() ?? "";
  const [section, id] = pathname.split("/").filter(Boolean);
  const known = section ? sections[section] : undefined;
  const what = known && id ? `No ${known.thing} with the id ${decodeURIComponent(id)} exists, or you may not see it.` : `Nothing lives at ${pathname}.`;
  return (
    <div className="empty-state" data-testid="not-found">
      <h1>{known && id ? `${known.thing[0].toUpperCase()}${known.thing.slice(1)} not found` : "Page not found"}</h1>
      <p>{what}</p>
      <p>
        {known ? (
          <>
            <Link href={known.back}>{known.label}</Link>
            {" · "}
          </>
        ) : null}
        <Link href="/stores">Go to Stores</Link>
      </p>
    </div>
  );
}
