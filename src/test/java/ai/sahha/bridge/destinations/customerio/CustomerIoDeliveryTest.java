package ai.sahha.bridge.destinations.customerio;

import java.nio.file.Path;

import ai.sahha.bridge.support.TestDataDirs;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Customer.io delivery scenarios on the default embedded H2 database. */
class CustomerIoDeliveryTest extends CustomerIoDeliveryScenarios {

    private static final Path DATA = TestDataDirs.create("customerio");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        customerIo(registry);
        registry.add("bridge.data-dir", DATA::toString);
    }
}
