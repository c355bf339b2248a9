-- Backfill jobs from the Sahha API, resumable: a job remembers how far it has paged through the account's profiles
-- and which profiles it has finished. Same script for H2 (PostgreSQL mode) and PostgreSQL.
CREATE TABLE backfill_job (
    id           VARCHAR(64)   PRIMARY KEY,
    description  VARCHAR(500)  NOT NULL,
    status       VARCHAR(16)   NOT NULL,
    next_page    INT,
    page_base    INT,
    listed       BOOLEAN       NOT NULL,
    total        INT           NOT NULL,
    records      INT           NOT NULL,
    started_at   BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL,
    last_error   VARCHAR(2000)
);

CREATE TABLE backfill_profile (
    job_id      VARCHAR(64)  NOT NULL REFERENCES backfill_job (id) ON DELETE CASCADE,
    external_id VARCHAR(255) NOT NULL,
    seq         BIGINT       NOT NULL,
    done        BOOLEAN      NOT NULL,
    PRIMARY KEY (job_id, external_id)
);
CREATE INDEX backfill_profile_pending ON backfill_profile (job_id, done, seq);
