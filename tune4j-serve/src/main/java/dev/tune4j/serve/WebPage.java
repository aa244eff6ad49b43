package dev.tune4j.serve;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The web page at {@code /}: three static files from the jar, plain HTML, JS and CSS, no build step. */
final class WebPage {

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html", "/app.js", "app.js", "/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private WebPage() {}

    static void register(JavalinConfig cfg) {
        FILES.forEach((path, file) -> {
            byte[] bytes = read(file);
            String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
            cfg.routes.get(path, ctx -> ctx.contentType(type).result(bytes));
        });
    }

    private static byte[] read(String file) {
        try (InputStream in = WebPage.class.getResourceAsStream("web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("web/" + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
