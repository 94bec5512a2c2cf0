"use client";
import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import Link from "next/link";
import { useRef } from "react";
import { apiFetch } from "@/components/api/api-fetch";
import { queryKeys } from "@/components/api/query-keys";
import { shortId } from "@/components/stores/actor-label";
import type { ActorNames, WireActor } from "@/components/stores/types";

type BlameLine = {
  line_number: number;
  text: string;
  version_id: string;
  created_at: string;
  created_by: WireActor;
  session_id: string | null;
  agent_id: string | null;
};

/** Each line of the current file with the version, session and agent that last introduced it. */
export function BlamePanel({ storeId, memoryId, names }: { storeId: string; memoryId: string; names: ActorNames }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const blame = useQuery({
    queryKey: queryKeys.history.blame(storeId, memoryId),
    queryFn: ({ signal }) => apiFetch<{ path: string; lines: BlameLine[] }>(`/memory_stores/${storeId}/memories/${memoryId}/blame`, { signal }),
  });
  const lines = blame.data?.lines ?? [];
  const virtualizer = useVirtualizer({ count: lines.length, getScrollElement: () => scrollRef.current, estimateSize: () => 22, overscan: 30 });
  if (blame.isPending) return <div className="panel-status">Loading blame…</div>;
  if (blame.isError) {
    return (
      <div className="alert" role="alert">
        Could not compute the blame: {blame.error.message}
      </div>
    );
  }
  if (lines.length === 0) return <div className="empty-state">The file is empty.</div>;
  return (
    <div ref={scrollRef} className="blame" data-testid="blame">
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index];
          const startsBlock = item.index === 0 || lines[item.index - 1].version_id !== line.version_id;
          return (
            <div
              key={line.line_number}
              className={startsBlock ? "blame-line first" : "blame-line"}
              data-testid="blame-line"
              data-line={line.line_number}
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
            >
              <span className="blame-who">
                {startsBlock ? (
                  <>
                    <span className="mono" title={line.version_id}>
                      {shortId(line.version_id)}
                    </span>{" "}
                    {line.session_id ? (
                      <Link href={`/sessions/${line.session_id}`} className="mono" title={line.session_id}>
                        {line.agent_id ? (names.agents[line.agent_id] ?? line.agent_id) : "session"} · {shortId(line.session_id)}
                      </Link>
                    ) : (
                      <span className="muted">{actorName(line.created_by, names)}</span>
                    )}{" "}
                    <span className="muted">{new Date(line.created_at).toLocaleDateString()}</span>
                  </>
                ) : null}
              </span>
              <span className="blame-no">{line.line_number}</span>
              <code className="blame-text">{line.text || " "}</code>
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
