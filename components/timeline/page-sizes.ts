// How much of a session the page shows before "Load more": the server renders the first page of
// each, so they must match the browser's queries (usePagedList's limit).

/** Timeline events per page: a screenful or two, not the 2,000 a long session holds. */
export const TIMELINE_PAGE = 50;
/** Files per page of "What this session learned", each with its net diff. */
export const CHANGES_PAGE = 10;
