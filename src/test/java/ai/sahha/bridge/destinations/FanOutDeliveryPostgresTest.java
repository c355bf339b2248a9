package ai.sahha.bridge.destinations;

import java.util.Map;

import ai.sahha.bridge.support.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The five-destination scenarios on PostgreSQL; runs when BRIDGE_TEST_POSTGRES_URL is set. */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL_VARIABLE, matches = ".+")
class FanOutDeliveryPostgresTest extends FanOutScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        vendors(registry);
        Map<String, String> postgres = TestDatabases.postgres();
        postgres.forEach((key, value) -> registry.add(key, () -> value));
    }
}
