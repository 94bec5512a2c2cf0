import "server-only";

/** A handler's answer that the request was taken but not carried out yet (202), e.g. a write held for review. */
export class Accepted {
  constructor(readonly body: object) {}
}
