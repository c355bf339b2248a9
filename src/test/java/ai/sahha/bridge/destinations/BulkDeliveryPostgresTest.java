package ai.sahha.bridge.destinations;

import java.util.Map;

import ai.sahha.bridge.support.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The bulk scenarios on PostgreSQL; runs when BRIDGE_TEST_POSTGRES_URL is set. */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL_VARIABLE, matches = ".+")
class BulkDeliveryPostgresTest extends BulkDeliveryScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        vendors(registry);
        TestDatabases.postgres().forEach((key, value) -> registry.add(key, () -> value));
    }
}
