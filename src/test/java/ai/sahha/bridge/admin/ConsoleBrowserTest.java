package ai.sahha.bridge.admin;

import static ai.sahha.bridge.support.Webhooks.ARCHETYPE;
import static ai.sahha.bridge.support.Webhooks.archetype;
import static ai.sahha.bridge.support.Webhooks.json;
import static ai.sahha.bridge.support.Webhooks.post;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import ai.sahha.bridge.BridgeApplication;
import ai.sahha.bridge.support.SahhaApiStandIn;
import ai.sahha.bridge.support.TestDataDirs;
import ai.sahha.bridge.support.Webhooks;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real headless browser (Debian's chromium through its chromedriver): an operator logs in, finds the
 * dead letter Customer.io's stand-in refused with 400 by filtering, replays it and sees it delivered; imports the CSV
 * that unparks Iterable's delivery; backfills one person from a Sahha API stand-in and sees the job complete. Each page is photographed into
 * {@code target/console-screenshots/} (the README's pictures come from there). Skipped, saying so, without a browser.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bridge.webhook.secret=" + Webhooks.SECRET, "management.server.port=0",
                "bridge.destinations.customerio.credentials.site-id=site",
                "bridge.destinations.customerio.credentials.api-key=key",
                "bridge.destinations.customerio.bulk.min-items=0",
                "bridge.destinations.customerio.poll-interval-ms=50",
                "bridge.destinations.iterable.credentials.api-key=key",
                "bridge.destinations.iterable.identity.strategy=lookup-table",
                "bridge.destinations.iterable.bulk.min-items=0",
                "bridge.destinations.iterable.poll-interval-ms=50",
                "bridge.sahha-api.client-id=client", "bridge.sahha-api.client-secret=secret",
                "bridge.privacy.erasure-interval-ms=200", "bridge.privacy.erasure-settle=1s"})
@DirtiesContext
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("BRIDGE_TEST_CHROMIUM",
            "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("BRIDGE_TEST_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String PERSON = "browser-person";

    private static final WireMockServer CUSTOMER_IO = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final WireMockServer ITERABLE = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private static final SahhaApiStandIn SAHHA = new SahhaApiStandIn();

    static {
        CUSTOMER_IO.start();
        ITERABLE.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("bridge.data-dir", () -> TestDataDirs.create("console-browser").toString());
        registry.add("bridge.destinations.customerio.base-url", CUSTOMER_IO::baseUrl);
        registry.add("bridge.destinations.iterable.base-url", ITERABLE::baseUrl);
        registry.add("bridge.sahha-api.base-url", SAHHA::baseUrl);
    }

    @AfterAll
    static void stopStandIns() {
        CUSTOMER_IO.stop();
        ITERABLE.stop();
        SAHHA.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private WebDriver browser;

    @BeforeEach
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: no headless browser (" + CHROMIUM + ", " + CHROMEDRIVER + "); apt-get install chromium "
                        + "chromium-driver, or set BRIDGE_TEST_CHROMIUM and BRIDGE_TEST_CHROMEDRIVER");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--window-size=1440,860");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().pageLoadTimeout(PATIENCE).implicitlyWait(Duration.ofSeconds(5));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorLogsInFiltersDeadLettersReplaysOneAndSeesItDelivered() throws Exception {
        CUSTOMER_IO.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400)
                .withBody("{\"meta\":{\"error\":\"attribute value too long\"}}")));
        ITERABLE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody("{\"msg\":\"\",\"code\":\"Success\",\"params\":{}}")));
        assertThat(post(port, ARCHETYPE, PERSON, json(archetype(PERSON, "short_sleeper", "2025-07-13T13:08:53Z")))
                .statusCode()).isEqualTo(200);

        open("/console/");
        assertThat(browser.getCurrentUrl()).as("sent to the login form").endsWith("/console/login");
        photograph("login");
        browser.findElement(By.name("username")).sendKeys("test-admin");
        browser.findElement(By.name("password")).sendKeys("test-admin-password");
        submit(By.id("log-in"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");

        await().atMost(PATIENCE).until(() -> {
            open("/console/dead-letters");
            return text("matching").startsWith("1 dead letter(s) match");
        });
        choose("destination", "customerio");
        choose("vendorStatus", "5xx");
        submit(By.id("apply-filter"));
        assertThat(text("matching")).startsWith("0 dead letter(s) match");
        choose("vendorStatus", "4xx");
        submit(By.id("apply-filter"));
        assertThat(text("matching")).startsWith("1 dead letter(s) match");
        WebElement row = browser.findElement(By.cssSelector("#dead-letters tr[data-id]"));
        assertThat(row.getText()).contains("customerio", "400", "attribute value too long")
                .doesNotContain(PERSON, "short_sleeper");
        WebElement history = browser.findElement(By.cssSelector("#dead-letters tr.history[data-for='"
                + row.getDomAttribute("data-id") + "']"));
        history.findElement(By.tagName("summary")).click();
        assertThat(history.findElement(By.cssSelector("table.attempts")).getText()).contains("dead_letter", "400",
                "attribute value too long");
        photograph("dead-letters");

        submit(By.id("replay-matching"));
        assertThat(text("replay-count")).contains("This puts 1 dead letter(s) back in line");
        photograph("replay-confirm");
        assertThat(CUSTOMER_IO.findAll(postRequestedFor(anyUrl()))).as("nothing before it is confirmed").isEmpty();
        submit(By.linkText("Cancel"));

        CUSTOMER_IO.resetAll();
        CUSTOMER_IO.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
        submit(By.cssSelector("#dead-letters tr[data-id] button.replay-one"));
        assertThat(text("message")).isEqualTo("Replayed 1 dead letter.");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(CUSTOMER_IO.findAll(
                postRequestedFor(urlPathMatching("/api/v1/customers/.*/events")))).hasSize(1));
        await().atMost(PATIENCE).untilAsserted(() -> {
            open("/console/");
            WebElement customerIo = browser.findElement(By.cssSelector("#destinations tr[data-destination=customerio]"));
            assertThat(cells(customerIo)).as("backlog, dead letters, sent last hour")
                    .startsWith("customerio", "on", "0", "–", "0", "0").contains("1");
        });
        photograph("overview");

        open("/console/parked");
        WebElement parked = browser.findElement(By.id("parked-reasons"));
        assertThat(parked.getText()).contains("iterable");
        photograph("parked");
        Path csv = Files.writeString(Files.createTempFile("identities", ".csv"),
                "external_id,email\n" + PERSON + ",browser-person@example.com\n");
        browser.findElement(By.id("identities-file")).sendKeys(csv.toAbsolutePath().toString());
        submit(By.cssSelector("#import-identities button"));
        assertThat(text("message")).contains("Imported 1 mapping(s); 1 parked delivery(ies) put back in line.");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(ITERABLE.findAll(postRequestedFor(anyUrl())))
                .as("Iterable gets the person once their email is known").isNotEmpty());

        SAHHA.archetypes("backfilled-person", List.of(SahhaApiStandIn.archetype("short_sleeper", "2025-07-07")));
        open("/console/backfill");
        assertThat(text("backfill-running")).isEqualTo("No backfill is running.");
        browser.findElement(By.cssSelector("input[name=source][value=one]")).click();
        browser.findElement(By.name("externalId")).sendKeys("backfilled-person");
        browser.findElement(By.id("since")).sendKeys("2025-07-01");
        browser.findElement(By.id("until")).sendKeys("2025-07-14");
        submit(By.id("start"));
        assertThat(text("message")).startsWith("Started backfill job ");
        await().atMost(PATIENCE).untilAsserted(() -> {
            open("/console/backfill");
            assertThat(browser.findElement(By.cssSelector("#backfill-jobs tr[data-job]")).getText())
                    .contains("COMPLETE", "1 / 1");
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(CUSTOMER_IO.findAll(
                postRequestedFor(urlPathMatching("/api/v1/customers/backfilled-person/events")))).hasSize(1));
        photograph("backfill");

        open("/console/people");
        browser.findElement(By.id("externalId")).sendKeys(PERSON);
        submit(By.id("find"));
        WebElement person = browser.findElement(By.cssSelector("section.person"));
        assertThat(person.findElement(By.cssSelector("tr[data-destination=customerio]")).getText())
                .contains("DELIVERED");
        assertThat(person.getText()).doesNotContain(PERSON, "short_sleeper");
        photograph("person");
        submit(By.cssSelector("section.person button.forget"));
        submit(By.id("confirm"));
        assertThat(text("message")).startsWith("Forgotten here; request ");
        await().atMost(PATIENCE).untilAsserted(() -> {
            open("/console/people");
            assertThat(browser.findElement(By.cssSelector("table.erasures tr[data-request]")).getText())
                    .contains("customerio: DONE", "iterable: DONE");
        });
        photograph("people");
    }

    private void open(String path) {
        browser.get("http://127.0.0.1:" + managementPort + path);
    }

    /** Clicks what submits a form or follows a link, and waits until the page it leads to has replaced this one. */
    private void submit(By control) {
        WebElement before = browser.findElement(By.tagName("html"));
        browser.findElement(control).click();
        await().atMost(PATIENCE).until(() -> {
            try {
                before.isDisplayed();
                return false;
            } catch (StaleElementReferenceException replaced) {
                return true;
            }
        });
    }

    private void choose(String select, String value) {
        browser.findElement(By.cssSelector("select[name=" + select + "] option[value='" + value + "']")).click();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static String[] cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(WebElement::getText).toArray(String[]::new);
    }

    private void photograph(String page) throws IOException {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
