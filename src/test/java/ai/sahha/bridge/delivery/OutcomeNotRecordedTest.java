package ai.sahha.bridge.delivery;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.CustomerIoStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Finding 3 of the reliability review: the delivery routes' dead letter channels handled an exception thrown while
 * recording a failure, so when the INSERT of a first failure failed (a database blip), the claim was finished and the
 * destination's position moved past an event that was neither delivered nor rescheduled. Here that INSERT fails once
 * while Customer.io answers 503: the event is claimed again, rescheduled, and delivered once Customer.io is back.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.poll-interval-ms=50",
                "bridge.destinations.customerio.bulk.min-items=0",
                "bridge.destinations.customerio.redelivery.maximum-redeliveries=1",
                "bridge.destinations.customerio.redelivery.delay-ms=50",
                "bridge.delivery.reschedule-initial=500ms", "bridge.delivery.reschedule-maximum=1s"})
@Import(OutcomeNotRecordedTest.FailingInserts.class)
@DirtiesContext
class OutcomeNotRecordedTest {

    static final CustomerIoStandIn CUSTOMER_IO = new CustomerIoStandIn();
    /** INSERTs into delivery that are to fail: one, the first failure's record */
    static final AtomicInteger FAILURES_TO_COME = new AtomicInteger();
    static final AtomicInteger FAILED = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("outcome-not-recorded").toString());
        registry.add("bridge.destinations.customerio.base-url", CUSTOMER_IO::baseUrl);
    }

    @AfterAll
    static void stop() {
        CUSTOMER_IO.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aFailureThatCannotBeRecordedLeavesTheEventToBeClaimedAgain() {
        CUSTOMER_IO.down();
        FAILURES_TO_COME.set(1);
        assertThat(post(port, ARCHETYPE, "blip-1", json(archetype("blip-1", "short_sleeper", "2025-07-13T13:08:53Z")))
                .statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> FAILED.get() == 1);

        CUSTOMER_IO.up();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(CUSTOMER_IO.peopleWithEvents()).contains("blip-1"));
    }

    /** Wraps the bridge's data source: an INSERT INTO delivery fails while failures are to come. */
    @TestConfiguration
    static class FailingInserts {

        @Bean
        static BeanPostProcessor failFirstInsertOfAFailure() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource && "dataSource".equals(name)
                            ? proxy(DataSource.class, dataSource) : bean;
                }
            };
        }

        static <T> T proxy(Class<T> type, Object real) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
                if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                        && sql.startsWith("INSERT INTO delivery ") && FAILURES_TO_COME.getAndUpdate(
                                n -> Math.max(0, n - 1)) > 0) {
                    FAILED.incrementAndGet();
                    throw new SQLException("the database is gone for a moment (simulated)");
                }
                try {
                    Object result = method.invoke(real, args);
                    return result instanceof Connection connection ? proxy(Connection.class, connection) : result;
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));
        }
    }
}
