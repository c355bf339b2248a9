package ai.sahha.bridge.backfill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Backfill jobs and their profiles in the bridge's database, so that a stopped job resumes where it stopped. */
public class BackfillJobs {

    private static final int MAX_ERROR_LENGTH = 2000;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public BackfillJobs(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** A job as stored; {@code listed} once all its profiles are known. */
    public record Job(String id, String description, String status, Integer nextPage, Integer pageBase,
                      boolean listed, int total, int done, int records, Instant startedAt, Instant updatedAt,
                      String lastError) {

        /** Profiles per second since the job (or its last resumption) started. */
        public double rate() {
            double seconds = Math.max(1, Duration.between(startedAt, updatedAt).toMillis()) / 1000.0;
            return done / seconds;
        }

        /** Time left at the current rate, or null when it cannot be told yet. */
        public Duration eta() {
            double rate = rate();
            return rate <= 0 || total <= done ? null : Duration.ofSeconds((long) ((total - done) / rate));
        }
    }

    /**
     * Starts the request's job, or resumes it where it stopped; a job that finished starts over from the first
     * profile (what was sent before is not sent again: the journal and the destinations' state drop it).
     */
    public Job open(BackfillRequest request) {
        long now = clock.millis();
        String id = request.jobId();
        Job existing = find(id);
        if (existing == null) {
            jdbc.update("INSERT INTO backfill_job (id, description, status, listed, total, records, started_at,"
                    + " updated_at) VALUES (?, ?, 'RUNNING', FALSE, 0, 0, ?, ?)", id, request.describe(), now, now);
        } else if ("COMPLETE".equals(existing.status())) {
            jdbc.update("UPDATE backfill_profile SET done = FALSE WHERE job_id = ?", id);
            jdbc.update("UPDATE backfill_job SET status = 'RUNNING', next_page = NULL, page_base = NULL,"
                    + " listed = FALSE, records = 0, started_at = ?, updated_at = ?, last_error = NULL WHERE id = ?",
                    now, now, id);
        } else {
            jdbc.update("UPDATE backfill_job SET status = 'RUNNING', updated_at = ?, last_error = NULL WHERE id = ?",
                    now, id);
        }
        return find(id);
    }

    public void addProfiles(String jobId, List<String> externalIds) {
        Long last = jdbc.queryForObject("SELECT MAX(seq) FROM backfill_profile WHERE job_id = ?", Long.class, jobId);
        long seq = last == null ? 0 : last;
        for (String externalId : externalIds) {
            seq++;
            jdbc.update("INSERT INTO backfill_profile (job_id, external_id, seq, done) VALUES (?, ?, ?, FALSE)"
                    + " ON CONFLICT DO NOTHING", jobId, externalId, seq);
        }
    }

    public List<String> pending(String jobId, int limit) {
        return jdbc.queryForList("SELECT external_id FROM backfill_profile WHERE job_id = ? AND done = FALSE"
                + " ORDER BY seq LIMIT ?", String.class, jobId, limit);
    }

    public void profileDone(String jobId, String externalId, int records) {
        jdbc.update("UPDATE backfill_profile SET done = TRUE WHERE job_id = ? AND external_id = ?", jobId, externalId);
        jdbc.update("UPDATE backfill_job SET records = records + ?, updated_at = ? WHERE id = ?", records,
                clock.millis(), jobId);
    }

    /** After a page of profiles: where to go on, and how many profiles there are in all (as far as known). */
    public void listing(String jobId, int nextPage, int pageBase, boolean listed, int total) {
        jdbc.update("UPDATE backfill_job SET next_page = ?, page_base = ?, listed = ?, total = ?, updated_at = ?"
                + " WHERE id = ?", nextPage, pageBase, listed, total, clock.millis(), jobId);
    }

    /** For lists of ids: all profiles are known at once. */
    public void listed(String jobId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM backfill_profile WHERE job_id = ?", Integer.class,
                jobId);
        jdbc.update("UPDATE backfill_job SET listed = TRUE, total = ?, updated_at = ? WHERE id = ?", count,
                clock.millis(), jobId);
    }

    public void finish(String jobId, String status, String error) {
        jdbc.update("UPDATE backfill_job SET status = ?, last_error = ?, updated_at = ? WHERE id = ?", status,
                error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH),
                clock.millis(), jobId);
    }

    /** Forgets jobs that ended (complete, failed or stopped) longer ago than {@code age}, with their profiles. */
    public int forgetFinishedBefore(String age) {
        return jdbc.update("DELETE FROM backfill_job WHERE status IN ('COMPLETE', 'FAILED', 'STOPPED')"
                + " AND updated_at < ?", clock.millis() - DurationStyle.detectAndParse(age).toMillis());
    }

    public Job find(String jobId) {
        List<Job> jobs = jdbc.query(SELECT + " WHERE j.id = ?", JOB, jobId);
        return jobs.isEmpty() ? null : jobs.get(0);
    }

    public List<Job> recent(int limit) {
        return jdbc.query(SELECT + " ORDER BY j.updated_at DESC LIMIT ?", JOB, limit);
    }

    private static final String SELECT = "SELECT j.*, (SELECT COUNT(*) FROM backfill_profile p WHERE p.job_id = j.id"
            + " AND p.done = TRUE) AS done_count FROM backfill_job j";

    private static final RowMapper<Job> JOB = (rs, row) -> new Job(rs.getString("id"), rs.getString("description"),
            rs.getString("status"), (Integer) rs.getObject("next_page", Integer.class),
            (Integer) rs.getObject("page_base", Integer.class), rs.getBoolean("listed"),
            Math.max(rs.getInt("total"), rs.getInt("done_count")), rs.getInt("done_count"), rs.getInt("records"),
            Instant.ofEpochMilli(rs.getLong("started_at")), Instant.ofEpochMilli(rs.getLong("updated_at")),
            rs.getString("last_error"));
}
