-- Event ids are time-ordered (UUID version 7), so the purge finds old events through the primary key; an index on
-- received_at only cost every accepted webhook one more index write. Same script for H2 and PostgreSQL.
DROP INDEX journal_event_received_at;
