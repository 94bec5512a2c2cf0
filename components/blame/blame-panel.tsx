"use client";
import { ErrorAlert } from "@/components/ui/error-alert";
import { RelativeTime } from "@/components/ui/relative-time";
import { timeGroup } from "@/components/ui/time-stops";
import { absoluteTime, viewerZone } from "@/components/ui/time-format";
import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useRef } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { shortId } from "@/components/stores/actor-label";
import type { ActorNames, WireActor } from "@/components/stores/types";
import type { WireBlame } from "@/server/api/routes/history";
import styles from "./blame-panel.module.css";

type BlameLine = WireBlame["lines"][number];

/** Each line of the current file with the version, session and agent that last introduced it. */
export function BlamePanel({ storeId, memoryId, names }: { storeId: string; memoryId: string; names: ActorNames }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const blame = useQuery({
    queryKey: queryKeys.history.blame(storeId, memoryId),
    queryFn: ({ signal }) => apiFetch<WireBlame>(`/memory_stores/${storeId}/memories/${memoryId}/blame`, { signal }),
  });
  const lines = blame.data?.lines ?? [];
  const virtualizer = useVirtualizer({ count: lines.length, getScrollElement: () => scrollRef.current, estimateSize: () => 22, overscan: 30 });
  if (blame.isPending) return <div className="muted">Loading blame…</div>;
  if (blame.isError) {
    return <ErrorAlert error={blame.error} lead="Could not compute the blame:" />;
  }
  if (lines.length === 0) return <div className="empty-state">The file is empty.</div>;
  return (
    <div ref={scrollRef} className={styles.blame} data-testid="blame" {...timeGroup}>
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          const startsBlock = item.index === 0 || lines[item.index - 1].version_id !== line.version_id;
          return (
            <div
              key={line.line_number}
              className={styles.line}
              data-first={startsBlock}
              data-testid="blame-line"
              data-line={line.line_number}
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
            >
              <span className={styles.who} title={startsBlock ? blameTooltip(line, names) : undefined}>
                {startsBlock ? (
                  <>
                    <RelativeTime value={line.created_at} />
                    {line.session_id ? (
                      <Link href={`/sessions/${line.session_id}`} aria-label={`${whoOf(line, names)}, session ${line.session_id}`}>
                        {whoOf(line, names)}
                      </Link>
                    ) : (
                      <span>{whoOf(line, names)}</span>
                    )}
                    <span className="mono muted">{shortId(line.version_id)}</span>
                  </>
                ) : null}
              </span>
              <span className={styles.no}>{line.line_number}</span>
              <code className={styles.text}>{line.text || " "}</code>
            </div>
          );
        })}
      </div>
    </div>
  );
}

function actorName(actor: WireActor, names: ActorNames) {
  if (actor.type === "user_actor") return names.users[actor.user_id] ?? "user";
  if (actor.type === "api_actor") return names.apiKeys[actor.api_key_id] ?? "API key";
  return "session";
}

/** The agent of the session, else the user or key, by name. */
function whoOf(line: BlameLine, names: ActorNames) {
  if (line.session_id) return line.agent_id ? (names.agents[line.agent_id] ?? line.agent_id) : "session";
  return actorName(line.created_by, names);
}

/** Everything the narrow column may cut: who, when exactly, the full session and version ids. */
function blameTooltip(line: BlameLine, names: ActorNames) {
  return [
    whoOf(line, names),
    absoluteTime(new Date(line.created_at), viewerZone()),
    line.session_id ? `session ${line.session_id}` : null,
    `version ${line.version_id}`,
  ]
    .filter(Boolean)
    .join("\n");
}
