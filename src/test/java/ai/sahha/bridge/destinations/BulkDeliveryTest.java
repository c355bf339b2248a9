package ai.sahha.bridge.destinations;

import java.nio.file.Path;

import ai.sahha.bridge.support.TestDataDirs;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The bulk scenarios on the default embedded H2 database. */
class BulkDeliveryTest extends BulkDeliveryScenarios {

    private static final Path DATA = TestDataDirs.create("bulk");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        vendors(registry);
        registry.add("bridge.data-dir", DATA::toString);
    }
}
