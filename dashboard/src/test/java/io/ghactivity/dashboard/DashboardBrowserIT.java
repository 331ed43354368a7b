package io.ghactivity.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.testsupport.RealSample;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real headless Chromium: every tile renders with its title and data, a filter lands in the URL and
 * changes the numbers, a shared URL reproduces the view, a newly loaded hour appears without a reload (the one-process
 * mode: the test writes the warehouse the dashboard reads), and an empty warehouse shows the empty state.
 * Screenshots go to target/screenshots/.
 */
class DashboardBrowserIT {
    static final List<SampleEvent> EVENTS = SampleEvent.of(RealSample.PINOT_2021_07_21);
    static final GhArchiveHour LAST = GhArchiveHour.parse("2021-07-21T09");
    static final String[] TILES = {"kpis", "traffic", "types", "timeline", "repos-most", "repos-least"};

    @TempDir
    static Path profile;
    static ChromeDriver driver;

    TestWarehouse warehouse;
    Javalin app;

    @BeforeAll
    static void browser() {
        driver = HeadlessChromium.start(profile);
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    String serve(TestWarehouse wh) {
        warehouse = wh;
        app = DashboardApp.create(new DashboardService(wh, Clock.systemUTC())).start("127.0.0.1", 0);
        return "http://127.0.0.1:" + app.port();
    }

    @Test
    void everyTileRendersWithItsTitleAndData() throws Exception {
        String base = serve(TestWarehouse.inMemory().load(EVENTS));
        driver.manage().window().setSize(new Dimension(1280, 1900));
        driver.get(base + "/");
        int renders = waitForRender(0);
        assertThat(renders).isGreaterThanOrEqualTo(1);
        for (String tile : TILES) {
            WebElement t = driver.findElement(By.cssSelector("[data-tile='" + tile + "']"));
            assertThat(t.isDisplayed()).as(tile).isTrue();
            assertThat(t.findElement(By.tagName("h2")).getText()).as(tile).isNotBlank();
            assertThat(t.findElement(By.className("how")).getText()).as(tile).startsWith("How to read it");
        }
        assertThat(text("kpi-events")).isEqualTo("800");
        assertThat(text("kpi-actors")).isEqualTo(fmt(IndependentCount.of(EVENTS, null, null, null).actors()));
        assertThat(text("kpi-latest")).isEqualTo("2021-07-21 09:00");
        assertThat(chartSeries("chart-traffic")).hasSize(24);
        assertThat(chartSeries("chart-traffic").stream().mapToLong(Long::longValue).sum()).isEqualTo(800);
        assertThat(chartSeries("chart-types")).hasSize(15);
        assertThat(chartSeries("chart-timeline")).containsExactly(200L, 200L, 200L, 200L);
        assertThat(driver.findElements(By.cssSelector("#repos-most tr"))).hasSize(10);
        assertThat(driver.findElements(By.cssSelector("#repos-least tr"))).hasSize(10);
        assertThat(text("traffic-caption")).contains("Busiest");
        assertThat(text("types-caption")).contains("Least popular", "not popular enough");
        assertThat(Files.size(HeadlessChromium.screenshot(driver, "dashboard-laptop"))).isGreaterThan(20_000);

        driver.manage().window().setSize(new Dimension(390, 1900)); // a phone's width: one column
        Thread.sleep(300);
        int x0 = tile("kpis").getRect().getX();
        for (String tile : TILES) {
            assertThat(tile(tile).getRect().getX()).as(tile).isEqualTo(x0);
            assertThat(tile(tile).getRect().getWidth()).as(tile).isLessThanOrEqualTo(390);
        }
        HeadlessChromium.screenshot(driver, "dashboard-phone");
    }

    @Test
    void aFilterGoesIntoTheUrlChangesTheNumbersAndTheUrlCanBeShared() throws Exception {
        String base = serve(TestWarehouse.inMemory().load(EVENTS));
        driver.manage().window().setSize(new Dimension(1280, 1900));
        driver.get(base + "/");
        int renders = waitForRender(0);
        setRange("2021-07-21", "07", "2021-07-21", "08");
        new Select(driver.findElement(By.id("f-type"))).selectByValue("PushEvent");
        driver.findElement(By.id("f-apply")).click();
        waitForRender(renders);

        String url = driver.getCurrentUrl();
        assertThat(url).contains("from=2021-07-21T07", "to=2021-07-21T08", "type=PushEvent");
        IndependentCount want = IndependentCount.of(EVENTS, GhArchiveHour.parse("2021-07-21T07"),
                GhArchiveHour.parse("2021-07-21T08"), "PushEvent");
        assertThat(text("kpi-events")).isEqualTo(fmt(want.count()));
        assertThat(text("kpi-repos")).isEqualTo(fmt(want.repos()));
        assertThat(chartSeries("chart-timeline")).containsExactlyElementsOf(want.perHour().values());
        Map.Entry<Long, Long> top = want.rankedRepos(true, 1).get(0);
        assertThat(driver.findElement(By.cssSelector("#repos-most tr td.num")).getText()).isEqualTo(fmt(top.getValue()));
        HeadlessChromium.screenshot(driver, "dashboard-filtered");

        driver.get("about:blank");
        driver.get(url); // a shared link reproduces the same view, filters shown in the form
        waitForRender(0);
        assertThat(text("kpi-events")).isEqualTo(fmt(want.count()));
        assertThat(new Select(driver.findElement(By.id("f-type"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("PushEvent");

        setRange("2021-07-21", "09", "2021-07-21", "06");
        driver.findElement(By.id("f-apply")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> driver.findElement(By.id("f-error")).isDisplayed());
        assertThat(text("f-error")).contains("is after");
    }

    @Test
    void aNewlyLoadedHourAppearsWithoutAReload() throws Exception {
        String base = serve(TestWarehouse.inMemory().load(EVENTS.stream().filter(e -> !e.hour().equals(LAST)).toList()));
        driver.manage().window().setSize(new Dimension(1280, 1900));
        driver.get(base + "/?poll=500");
        int renders = waitForRender(0);
        assertThat(text("kpi-events")).isEqualTo("600");
        driver.executeScript("window.sameDocument = 'yes';");

        warehouse.load(EVENTS.stream().filter(e -> e.hour().equals(LAST)).toList()); // the loader commits hour 09
        waitForRender(renders);
        assertThat(text("kpi-events")).isEqualTo("800");
        assertThat(text("kpi-latest")).isEqualTo("2021-07-21 09:00");
        assertThat(chartSeries("chart-timeline")).hasSize(4);
        assertThat(driver.executeScript("return window.sameDocument;")).isEqualTo("yes");
    }

    @Test
    void anEmptyWarehouseShowsTheEmptyState() throws Exception {
        String base = serve(TestWarehouse.inMemory());
        driver.manage().window().setSize(new Dimension(1280, 900));
        driver.get(base + "/");
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "empty".equals(
                driver.executeScript("return document.body.dataset.state;")));
        assertThat(driver.findElement(By.id("empty")).isDisplayed()).isTrue();
        assertThat(text("empty")).contains("No data loaded yet");
        assertThat(driver.findElement(By.id("tiles")).isDisplayed()).isFalse();
        HeadlessChromium.screenshot(driver, "dashboard-empty");
    }

    @Test
    void markupInTheDataIsShownAsTextAndNeverRuns() throws Exception {
        String type = "<img src=x onerror=\"window.__xss=1\">";
        String repo = "<img src=x onerror=\"window.__xss=2\">/<b>bold</b>";
        GhArchiveHour h = GhArchiveHour.parse("2021-07-21T07");
        List<SampleEvent> hostile = List.of(
                new SampleEvent(9_000_000_001L, type, h.startInstant().plusSeconds(60), 1L, 999_999_999L, repo),
                new SampleEvent(9_000_000_002L, type, h.startInstant().plusSeconds(61), 2L, 999_999_998L, repo));
        List<SampleEvent> all = new java.util.ArrayList<>(EVENTS);
        all.addAll(hostile);
        String base = serve(TestWarehouse.inMemory().load(all));
        driver.manage().window().setSize(new Dimension(1280, 1900));
        driver.get(base + "/");
        waitForRender(0);

        // every chart's tooltip, for every data point: the hostile type is the least popular, so it is drawn too
        for (String chart : new String[] {"chart-types", "chart-traffic", "chart-timeline"}) {
            showEveryTooltip(chart);
        }
        assertThat(tooltipText("chart-types", sortedIndexOf(type))).contains(type);
        assertThat(driver.findElements(By.cssSelector("#tiles img"))).isEmpty();
        assertThat(text("types-caption")).contains("Least popular: " + type);
        assertThat(driver.findElement(By.cssSelector("#repos-least tr td:nth-child(2)")).getText()).isEqualTo(repo);
        assertThat(new Select(driver.findElement(By.id("f-type"))).getOptions()).anySatisfy(o -> assertThat(o.getText()).isEqualTo(type));

        int renders = renders();
        new Select(driver.findElement(By.id("f-type"))).selectByValue(type); // a type from the data is a valid filter
        driver.findElement(By.id("f-apply")).click();
        waitForRender(renders);
        assertThat(text("kpi-events")).isEqualTo("2");
        assertThat(text("types-caption")).contains("Selected: " + type);
        showEveryTooltip("chart-types");
        Thread.sleep(1000); // time for an injected <img src=x> to fail and fire its handler
        assertThat(driver.executeScript("return typeof window.__xss;")).isEqualTo("undefined");
        HeadlessChromium.screenshot(driver, "dashboard-hostile-type");
    }

    /** Index of a type in the types chart (ascending by events, then name), which is the order the page draws. */
    int sortedIndexOf(String type) {
        Object i = driver.executeScript("const o = echarts.getInstanceByDom(document.getElementById('chart-types')).getOption();"
                + "return o.yAxis[0].data.indexOf(arguments[0]);", type);
        return ((Number) i).intValue();
    }

    void showEveryTooltip(String chart) {
        driver.executeScript("const c = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
                + "const n = c.getOption().series[0].data.length;"
                + "for (let i = 0; i < n; i++) c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});", chart);
    }

    /** The text of a chart's tooltip after showing it for one data point (ECharts puts it in a div in the chart). */
    String tooltipText(String chart, int dataIndex) {
        return String.valueOf(driver.executeScript("const el = document.getElementById(arguments[0]);"
                + "echarts.getInstanceByDom(el).dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: arguments[1]});"
                + "const tips = [...el.querySelectorAll('div')].filter(d => d.textContent.includes('events ('));"
                + "return tips.length ? tips[tips.length - 1].textContent : '';", chart, dataIndex));
    }

    /** Date inputs take their value from script (typing into them is locale-dependent); hours are plain selects. */
    void setRange(String fromDate, String fromHour, String toDate, String toHour) {
        driver.executeScript("document.getElementById('f-from-date').value = arguments[0];"
                + "document.getElementById('f-to-date').value = arguments[1];", fromDate, toDate);
        new Select(driver.findElement(By.id("f-from-hour"))).selectByValue(fromHour);
        new Select(driver.findElement(By.id("f-to-hour"))).selectByValue(toHour);
    }

    int waitForRender(int after) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> renders() > after);
        return renders();
    }

    int renders() {
        Object r = driver.executeScript("return document.body.dataset.renders || '0';");
        return Integer.parseInt(String.valueOf(r));
    }

    WebElement tile(String name) {
        return driver.findElement(By.cssSelector("[data-tile='" + name + "']"));
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** The numbers ECharts actually holds for the first series of a chart (bars or points). */
    @SuppressWarnings("unchecked")
    List<Long> chartSeries(String id) {
        List<Object> raw = (List<Object>) driver.executeScript("const o = echarts.getInstanceByDom("
                + "document.getElementById(arguments[0])).getOption();"
                + "return o.series[0].data.map(d => (d !== null && typeof d === 'object') ? d.value : d);", id);
        return raw.stream().map(v -> Math.round(((Number) v).doubleValue())).toList();
    }

    static String fmt(long n) {
        return NumberFormat.getIntegerInstance(Locale.US).format(n);
    }
}
