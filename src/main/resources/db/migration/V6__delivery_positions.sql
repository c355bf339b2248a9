-- Delivery progress as a position in the journal per destination, instead of one row per event and destination.
-- Accepting a webhook then writes its event and nothing else, and a delivery that goes through on its first attempt
-- writes nothing of its own: the delivery table keeps only the exceptions (rescheduled, parked, dead, replayed).
-- Same script for H2 (PostgreSQL mode) and PostgreSQL.

-- The last sequence number handed out. The journal locks this row while it writes, so events become visible in
-- sequence order even with several replicas writing (a reader never sees 11 before 10 commits).
CREATE TABLE journal_sequence (
    id       INT    PRIMARY KEY,
    last_seq BIGINT NOT NULL
);
INSERT INTO journal_sequence (id, last_seq) VALUES (1, 0);

-- Events accepted from now on carry their place in the journal and the destinations they are for (",a,b,").
-- Older events have neither; their delivery rows carry on as before.
ALTER TABLE journal_event ADD COLUMN seq BIGINT;
ALTER TABLE journal_event ADD COLUMN destinations VARCHAR(200);
CREATE UNIQUE INDEX journal_event_seq ON journal_event (seq);

-- Per destination: every event up to settled_to is settled (delivered, or has a delivery row saying otherwise), and
-- ranges up to claimed_to have been handed out.
CREATE TABLE delivery_cursor (
    destination VARCHAR(32) PRIMARY KEY,
    settled_to  BIGINT      NOT NULL,
    claimed_to  BIGINT      NOT NULL
);
INSERT INTO delivery_cursor (destination, settled_to, claimed_to) VALUES
    ('customerio', 0, 0), ('segment', 0, 0), ('iterable', 0, 0), ('klaviyo', 0, 0), ('mparticle', 0, 0);

-- A range of the journal being delivered by one replica under a lease; a lapsed lease lets another take it over.
CREATE TABLE delivery_claim (
    destination VARCHAR(32)  NOT NULL,
    from_seq    BIGINT       NOT NULL,
    to_seq      BIGINT       NOT NULL,
    owner       VARCHAR(128),
    lease_until BIGINT       NOT NULL,
    PRIMARY KEY (destination, from_seq)
);

-- Where each event stands with each destination, for operators (and tests): its delivery row when it has one,
-- otherwise delivered once the destination's position has passed it.
CREATE VIEW delivery_status AS
SELECT d.event_id, d.destination, d.status, d.attempts, d.next_attempt_at, d.last_http_status, d.last_error
FROM delivery d
UNION ALL
SELECT e.id, c.destination,
       CASE WHEN e.seq <= c.settled_to THEN 'DELIVERED' ELSE 'PENDING' END,
       CASE WHEN e.seq <= c.settled_to THEN 1 ELSE 0 END,
       e.received_at, CAST(NULL AS INT), CAST(NULL AS VARCHAR(2000))
FROM journal_event e
JOIN delivery_cursor c ON e.destinations LIKE '%,' || c.destination || ',%'
WHERE NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.id AND d.destination = c.destination);
