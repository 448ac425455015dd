-- Running totals of the product table, kept by triggers in the writing transaction, so that the
-- statistics and the history's total cost the same at any table size (a count(*) and the
-- aggregates over a million rows took seconds on every page view).
--
-- The totals are spread over 64 slots, chosen by the writing backend: one row for all would make
-- every insert wait for the previous one's commit on that row's lock. A reader adds the slots up.
-- A slot that was rebuilt may be missing; writers upsert.

-- Replaced, not just created: restoring a dump made before this migration leaves them behind.
DROP TABLE IF EXISTS product_summary;

CREATE TABLE product_summary (
    slot        SMALLINT         PRIMARY KEY,
    row_count   BIGINT           NOT NULL,
    product_sum DOUBLE PRECISION NOT NULL,
    product_min DOUBLE PRECISION NULL,
    product_max DOUBLE PRECISION NULL,
    miss_count  BIGINT           NOT NULL,
    hit_count   BIGINT           NOT NULL,
    crit_count  BIGINT           NOT NULL,
    CONSTRAINT product_summary_slot_range CHECK (slot BETWEEN 0 AND 63)
);

-- Adds the rows of one INSERT statement (one upsert per statement, whatever its row count).
-- INSERT ... ON CONFLICT DO NOTHING lists only the rows it did insert.
CREATE OR REPLACE FUNCTION product_summary_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO product_summary AS s
        (slot, row_count, product_sum, product_min, product_max, miss_count, hit_count, crit_count)
    SELECT pg_backend_pid() % 64, count(*), sum(product), min(product), max(product),
           count(*) FILTER (WHERE outcome = 'MISS'),
           count(*) FILTER (WHERE outcome = 'HIT'),
           count(*) FILTER (WHERE outcome = 'CRIT')
      FROM inserted
    HAVING count(*) > 0
    ON CONFLICT (slot) DO UPDATE SET
        row_count   = s.row_count + excluded.row_count,
        product_sum = s.product_sum + excluded.product_sum,
        product_min = least(s.product_min, excluded.product_min),
        product_max = greatest(s.product_max, excluded.product_max),
        miss_count  = s.miss_count + excluded.miss_count,
        hit_count   = s.hit_count + excluded.hit_count,
        crit_count  = s.crit_count + excluded.crit_count;
    RETURN NULL;
END
$$;

-- Computes the totals again from the table: a full scan, for rare maintenance statements and
-- for the rows stored before this migration.
-- The EXCLUSIVE lock waits for every writer that has already added its rows and holds back the
-- others, so the new snapshot below counts each committed row exactly once, and a writer held
-- back adds its rows after this commits. Relies on READ COMMITTED (the default).
CREATE OR REPLACE FUNCTION product_summary_recompute() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE product_summary IN EXCLUSIVE MODE;
    DELETE FROM product_summary;
    INSERT INTO product_summary
        (slot, row_count, product_sum, product_min, product_max, miss_count, hit_count, crit_count)
    SELECT 0, count(*), coalesce(sum(product), 0), min(product), max(product),
           count(*) FILTER (WHERE outcome = 'MISS'),
           count(*) FILTER (WHERE outcome = 'HIT'),
           count(*) FILTER (WHERE outcome = 'CRIT')
      FROM product;
END
$$;

-- After a delete, an update or a truncate, the minimum and maximum cannot be derived from the
-- totals.
CREATE OR REPLACE FUNCTION product_summary_rebuild() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM product_summary_recompute();
    RETURN NULL;
END
$$;

-- CREATE TRIGGER locks product against writes until this migration commits, so the totals below
-- miss no row stored meanwhile by a task still running the previous version.
CREATE TRIGGER product_summary_on_insert AFTER INSERT ON product
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION product_summary_add();

CREATE TRIGGER product_summary_on_change AFTER DELETE OR UPDATE OR TRUNCATE ON product
    FOR EACH STATEMENT EXECUTE FUNCTION product_summary_rebuild();

-- The rows stored so far.
SELECT product_summary_recompute();
