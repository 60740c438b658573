package dev.claudeconnector.proxy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyMetricsTest {
    /** A sample line of the text format: name, optional {labels}, value. */
    private static final Pattern SAMPLE = Pattern.compile("([a-z_]+)(\\{(.*)})? (\\S+)");

    @Test
    void histogramBucketsAreCumulativeAndEndInTheCount() {
        ProxyMetrics metrics = new ProxyMetrics();
        long[] millis = {3, 7, 40, 40, 900, 2_000, 400_000};
        for (long ms : millis) {
            metrics.request("claude-sonnet-4.5", false, ms * 1_000_000, 10, 2);
        }
        List<String> buckets = lines(metrics.prometheus(), "connector_request_duration_seconds_bucket");
        assertEquals(ProxyMetrics.BOUNDS.length + 1, buckets.size(), buckets.toString());
        assertEquals(1, value(buckets, "le=\"0.005\""));
        assertEquals(2, value(buckets, "le=\"0.01\""));
        assertEquals(4, value(buckets, "le=\"0.05\""));
        assertEquals(5, value(buckets, "le=\"1.0\""));
        assertEquals(6, value(buckets, "le=\"2.5\""));
        assertEquals(6, value(buckets, "le=\"300.0\""), "400 s is above every bound");
        assertEquals(7, value(buckets, "le=\"+Inf\""));
        String text = metrics.prometheus();
        assertEquals(7, value(lines(text, "connector_request_duration_seconds_count"), ""));
        assertEquals(402.99, value(lines(text, "connector_request_duration_seconds_sum"), ""), 1e-9);
        assertEquals(400.0, value(lines(text, "connector_request_duration_seconds_max"), ""), 1e-9);
        assertEquals(70, value(lines(text, "connector_tokens_input_total"), ""));
        assertEquals(14, value(lines(text, "connector_tokens_output_total"), ""));
    }

    @Test
    void seriesAreKeptApartByModelStreamStatusAndKind() {
        ProxyMetrics metrics = new ProxyMetrics();
        IntStream.range(0, 3).parallel().forEach(i -> metrics.request("a", true, 1_000, 1, 1));
        metrics.request("a", false, 1_000, 1, 1);
        metrics.request("b", false, 1_000, 1, 1);
        metrics.error(529, "http");
        metrics.error(529, "http");
        metrics.error(504, "timeout");
        String text = metrics.prometheus();
        List<String> requests = lines(text, "connector_requests_total");
        assertEquals(List.of("connector_requests_total{model=\"a\",stream=\"false\"} 1",
                "connector_requests_total{model=\"a\",stream=\"true\"} 3",
                "connector_requests_total{model=\"b\",stream=\"false\"} 1"), requests);
        assertEquals(List.of("connector_errors_total{status=\"504\",kind=\"timeout\"} 1",
                "connector_errors_total{status=\"529\",kind=\"http\"} 2"), lines(text, "connector_errors_total"));
        assertFalse(text.contains("connector_token_renewals"), "no renewals gauge without a token refresher");
    }

    @Test
    void everySampleFollowsTheTypeOfItsFamilyAndLabelValuesAreEscaped() {
        ProxyMetrics metrics = new ProxyMetrics();
        AtomicInteger renewed = new AtomicInteger(2);
        metrics.renewals(renewed::get);
        metrics.request("odd \"model\" \\ name\nx", false, 5_000_000, 0, 0);
        renewed.incrementAndGet();
        String text = metrics.prometheus();
        assertTrue(text.contains("model=\"odd \\\"model\\\" \\\\ name\\nx\""), text);
        assertEquals(List.of("connector_token_renewals 3"), lines(text, "connector_token_renewals"), "read when asked");
        String family = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                family = line.split(" ")[2];
                assertTrue(line.matches("# TYPE [a-z_]+ (counter|gauge|histogram)"), line);
            } else if (!line.startsWith("# HELP ")) {
                Matcher m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "a sample line: " + line);
                assertTrue(family != null && m.group(1).startsWith(family), line + " after the TYPE of " + family);
                Double.parseDouble(m.group(4));
            }
        }
        assertTrue(text.endsWith("\n"));
    }

    private static List<String> lines(String text, String name) {
        List<String> found = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                found.add(line);
            }
        }
        return found;
    }

    private static double value(List<String> lines, String containing) {
        List<String> matching = lines.stream().filter(l -> l.contains(containing)).toList();
        assertEquals(1, matching.size(), containing + " in " + lines);
        String line = matching.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
