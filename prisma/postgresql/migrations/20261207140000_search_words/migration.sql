-- Full-text search reads a stored column of words instead of an expression over the content
-- (issue 14). The write path computes the words in Node with the one tokenizer
-- (lib/search/search-words.ts) and sends them as a tsvector literal, which PostgreSQL only parses:
-- its own regexp and text-search parser cost about 140 µs of its CPU per 1.3 kB write, the literal
-- about 20 µs (bench/README.md). A writer that changes the content without new words (a redaction's
-- Prisma update, a hand-written UPDATE, a bulk load) gets them from the trigger, with the expression
-- the index used before, so the words never lag the content whoever writes it.
ALTER TABLE "Memory" ADD COLUMN "searchWords" tsvector;

CREATE FUNCTION "memory_search_words"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."searchWords" IS NULL THEN
    NEW."searchWords" := to_tsvector('simple', regexp_replace(left(NEW."content", 100000), '[^[:alnum:]]+', ' ', 'g'));
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW."content" IS DISTINCT FROM OLD."content" AND NEW."searchWords" IS NOT DISTINCT FROM OLD."searchWords" THEN
      NEW."searchWords" := to_tsvector('simple', regexp_replace(left(NEW."content", 100000), '[^[:alnum:]]+', ' ', 'g'));
    END IF;
  END IF;
  RETURN NEW;
END $$;

UPDATE "Memory" SET "searchWords" = to_tsvector('simple', regexp_replace(left("content", 100000), '[^[:alnum:]]+', ' ', 'g'));
ALTER TABLE "Memory" ALTER COLUMN "searchWords" SET NOT NULL;
CREATE TRIGGER "Memory_search_words" BEFORE INSERT OR UPDATE OF "content", "searchWords" ON "Memory" FOR EACH ROW EXECUTE FUNCTION "memory_search_words"();

DROP INDEX "Memory_search_idx";
CREATE INDEX "Memory_search_idx" ON "Memory" USING GIN ("searchWords") WHERE "deletedAt" IS NULL;
