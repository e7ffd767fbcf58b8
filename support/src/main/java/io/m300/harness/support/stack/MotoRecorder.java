package io.m300.harness.support.stack;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto's request recorder and IAM enforcement ({@code /moto-api/...}), and what its access log says it
 * refused while recording. The recording holds bodies: it is emptied as soon as it is downloaded.
 */
final class MotoRecorder {

    private static final Pattern ACCESS_LINE = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/[0-9.]+\" (\\d{3})");

    private final URI endpoint;

    MotoRecorder(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** Empties any earlier recording, turns IAM enforcement on and starts recording. */
    void start() {
        post(endpoint, "/moto-api/recorder/reset-recording", "");
        post(endpoint, "/moto-api/reset-auth", "0");
        post(endpoint, "/moto-api/recorder/start-recording", "");
    }

    /** The recording so far; recording stops and the recording is emptied. */
    String downloadAndStop() {
        String raw = get(endpoint, "/moto-api/recorder/download-recording");
        post(endpoint, "/moto-api/recorder/stop-recording", "");
        post(endpoint, "/moto-api/recorder/reset-recording", ""); // the file holds bodies: empty it at once
        return raw;
    }

    /** Requests moto answered with 403 after recording started, from its access log (method and path only). */
    static List<String> refusedRequests(Path motoLog) {
        List<String> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(motoLog);
        } catch (IOException e) {
            return List.of("moto log " + motoLog + " unreadable: " + e.getMessage());
        }
        boolean recording = false;
        for (String line : lines) {
            Matcher m = ACCESS_LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (m.group(2).startsWith("/moto-api/recorder/start-recording")) {
                recording = true;
            } else if (m.group(2).startsWith("/moto-api/recorder/download-recording")) {
                recording = false;
            } else if (recording && m.group(3).equals("403")) {
                String path = m.group(2);
                int q = path.indexOf('?');
                out.add(m.group(1) + " " + (q < 0 ? path : path.substring(0, q)));
            }
        }
        return out;
    }

    private static String post(URI endpoint, String path, String body) {
        return send(
                HttpRequest.newBuilder(endpoint.resolve(path))
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(body)),
                path);
    }

    private static String get(URI endpoint, String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET(), path);
    }

    private static String send(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new HarnessException("moto " + path + " answered HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new HarnessException("moto " + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted during moto " + path);
        }
    }
}
