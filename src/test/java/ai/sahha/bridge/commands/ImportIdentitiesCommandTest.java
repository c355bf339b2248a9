package ai.sahha.bridge.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.sahha.bridge.support.TestDataDirs;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class ImportIdentitiesCommandTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @Test
    void importsACsvIntoTheBridgesDatabaseWithTheServersConfiguration() throws Exception {
        Path data = TestDataDirs.create("import-identities");
        Path csv = data.resolve("people.csv");
        Files.writeString(csv, "external_id,email,phone\nu-1,ana@example.com,+6421000111\nu-2,bo@example.com,\n");

        int exit = run(csv.toString(), "--bridge.data-dir=" + data);

        assertThat(exit).isZero();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("Imported 2 identity mapping(s)");
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:file:" + data.resolve("bridge") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        database.setUser("sa");
        database.setPassword(Files.readString(data.resolve("bridge.h2-password")));
        List<Map<String, Object>> rows = new JdbcTemplate(database)
                .queryForList("SELECT external_id, email, phone FROM identity_map ORDER BY external_id");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo(Map.of("external_id", "u-1", "email", "ana@example.com",
                "phone", "+6421000111"));
        assertThat(rows.get(1)).containsEntry("email", "bo@example.com").containsEntry("phone", null);
    }

    @Test
    void aFileWithoutTheRightHeaderIsRefusedWithTheReason() throws Exception {
        Path csv = TestDataDirs.create("import-bad").resolve("people.csv");
        Files.writeString(csv, "id,mail\nu-1,ana@example.com\n");

        assertThat(run(csv.toString())).isEqualTo(1);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("external_id");
        assertThat(run()).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("usage:");
    }

    private int run(String... args) {
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        return ImportIdentitiesCommand.run(args, out, out);
    }
}
