-- Every product the combiner has stored. The schema is changed only by Flyway migrations.
CREATE TABLE product (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    int_value       INTEGER          NOT NULL,
    float_value     DOUBLE PRECISION NOT NULL,
    product         DOUBLE PRECISION NOT NULL,
    outcome         VARCHAR(8)       NOT NULL,
    created_at      TIMESTAMPTZ      NOT NULL DEFAULT now(),
    -- Optional Idempotency-Key of the request that created the row: a retry with the same key
    -- finds this row instead of storing a second one.
    idempotency_key VARCHAR(64)      NULL,
    -- SHA-256 (hex) of the normalised request body, to tell a retry from another body sent
    -- with the same key.
    request_hash    CHAR(64)         NULL,
    CONSTRAINT product_outcome_check CHECK (outcome IN ('MISS', 'HIT', 'CRIT')),
    CONSTRAINT product_float_value_finite CHECK (float_value NOT IN ('NaN', 'Infinity', '-Infinity')),
    CONSTRAINT product_product_finite CHECK (product NOT IN ('NaN', 'Infinity', '-Infinity')),
    CONSTRAINT product_idempotency_key_unique UNIQUE (idempotency_key),
    CONSTRAINT product_idempotency_key_length CHECK (char_length(idempotency_key) BETWEEN 1 AND 64),
    CONSTRAINT product_request_hash_with_key CHECK ((idempotency_key IS NULL) = (request_hash IS NULL))
);

-- Paging newest first: ORDER BY created_at DESC, id DESC.
CREATE INDEX product_created_at_id_idx ON product (created_at DESC, id DESC);
