package ai.sahha.bridge.destinations.customerio;

import java.util.Map;

import ai.sahha.bridge.support.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Customer.io delivery scenarios on PostgreSQL; runs when BRIDGE_TEST_POSTGRES_URL is set. */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_URL_VARIABLE, matches = ".+")
class CustomerIoDeliveryPostgresTest extends CustomerIoDeliveryScenarios {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        customerIo(registry);
        Map<String, String> postgres = TestDatabases.postgres();
        postgres.forEach((key, value) -> registry.add(key, () -> value));
    }
}
