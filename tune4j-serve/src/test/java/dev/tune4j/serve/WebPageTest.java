package dev.tune4j.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser: Debian's headless chromium driven by Debian's chromedriver, both named
 * explicitly so that Selenium Manager never looks for (or downloads) anything. Skipped, saying why, where they
 * are not installed ({@code apt-get install chromium chromium-driver}; {@code .ci/run} does it).
 */
class WebPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Held, so the level sticks: Selenium warns that it has no DevTools bindings for Debian's newer chromium. */
    private static final Logger SELENIUM = Logger.getLogger("org.openqa.selenium");

    static {
        SELENIUM.setLevel(Level.SEVERE);
    }

    @Test
    void thePageClassifiesATextAndRanksSentencesByCosine() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        Fixtures f = Fixtures.get();
        try (InferenceServer server = InferenceServer.start(ServeConfig.defaults().withPort(0),
                List.of(new ModelSpec("single", f.single.toString()), new ModelSpec("emb", f.tiny.toString())), line -> { })) {
            server.awaitReady(Duration.ofMinutes(1));
            ChromeDriver driver = chromium();
            try {
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get("http://127.0.0.1:" + server.port() + "/");
                wait.until(d -> d.findElement(By.id("card-fields")).getText().contains("negative, positive"));
                assertTrue(driver.findElement(By.id("report-link")).getAttribute("href").endsWith("/runs/single/report.html"));

                WebElement text = driver.findElement(By.id("text"));
                text.clear();
                text.sendKeys("great wonderful love the movie");
                driver.findElement(By.id("run")).click();
                List<WebElement> rows = wait.until(d -> {
                    List<WebElement> r = d.findElements(By.cssSelector("#result .row"));
                    return r.size() == 2 ? r : null;
                });
                JsonArray expected = new Http(server.port()).post("/predict",
                        "{\"inputs\": \"great wonderful love the movie\"}").json().getAsJsonArray();
                for (int i = 0; i < 2; i++) {
                    JsonObject p = expected.get(i).getAsJsonObject();
                    assertEquals(p.get("label").getAsString(), rows.get(i).getAttribute("data-label"));
                    assertEquals(p.get("score").getAsDouble(), Double.parseDouble(rows.get(i).getAttribute("data-score")), 1e-6);
                }
                Path shot = Path.of("target", "serve-page.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));

                new Select(driver.findElement(By.id("model"))).selectByValue("emb");
                wait.until(d -> d.findElement(By.id("task")).getText().contains("nearest"));
                driver.findElement(By.id("run")).click();
                List<WebElement> ranked = wait.until(d -> {
                    List<WebElement> r = d.findElements(By.cssSelector("#result .row"));
                    return r.size() == 4 ? r : null;
                });
                double previous = Double.MAX_VALUE;
                for (WebElement row : ranked) {
                    double cosine = Double.parseDouble(row.getAttribute("data-score"));
                    assertTrue(cosine <= previous && cosine >= -1 && cosine <= 1.000001, "ranked by cosine: " + cosine);
                    previous = cosine;
                }
            } finally {
                driver.quit();
            }
        }
    }

    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1100,720", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
