"use client";
import styles from "./load-more.module.css";

/** "Load more" under a paged list, while the API has more pages. */
export function LoadMore({ list }: { list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown } }) {
  if (!list.hasNextPage) return null;
  return (
    <button type="button" className={`button ghost ${styles.button}`} onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
      {list.isFetchingNextPage ? "Loading…" : "Load more"}
    </button>
  );
}
