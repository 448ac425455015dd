-- Scheduled generation (issue #9): one row per run of a job, and the cluster-wide state of each
-- job. Claims rely on the UNIQUE constraint: of any number of replicas claiming one tick of one
-- job, exactly one inserts the row and runs it.
CREATE TABLE job_run (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_name       VARCHAR(40)  NOT NULL,
    -- The tick the run belongs to; for a manual run, the moment it was asked for.
    scheduled_at   TIMESTAMPTZ  NOT NULL,
    manual         BOOLEAN      NOT NULL DEFAULT FALSE,
    -- The replica that won the claim and runs it.
    owner          VARCHAR(64)  NOT NULL,
    status         VARCHAR(10)  NOT NULL DEFAULT 'RUNNING',
    started_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- A RUNNING run whose owner has not reported by then is marked FAILED (abandoned), never
    -- run again.
    lease_until    TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ  NULL,
    products_made  INTEGER      NOT NULL DEFAULT 0,
    error          VARCHAR(1000) NULL,
    CONSTRAINT job_run_tick_unique UNIQUE (job_name, scheduled_at),
    CONSTRAINT job_run_status_check CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT job_run_finished_check CHECK ((status = 'RUNNING') = (finished_at IS NULL)),
    CONSTRAINT job_run_products_check CHECK (products_made >= 0),
    CONSTRAINT job_run_lease_check CHECK (lease_until > started_at)
);

-- History newest first per job, and the sweep of runs whose lease ran out.
CREATE INDEX job_run_job_scheduled_idx ON job_run (job_name, scheduled_at DESC, id DESC);
CREATE INDEX job_run_running_lease_idx ON job_run (lease_until) WHERE status = 'RUNNING';
-- Retention: the oldest finished runs are deleted.
CREATE INDEX job_run_finished_idx ON job_run (finished_at) WHERE status <> 'RUNNING';

-- Paused or not, for every replica of the frontend at once. No row: not paused.
CREATE TABLE job_state (
    job_name   VARCHAR(40) PRIMARY KEY,
    paused     BOOLEAN     NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
