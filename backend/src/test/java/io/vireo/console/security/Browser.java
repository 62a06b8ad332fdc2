package io.vireo.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the console sees of a browser (or of a script pretending to be one): real HTTP to the running
 * server with a cookie jar, the sign-in form, and console WebSockets opened with chosen headers.
 */
final class Browser {
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String origin;
    private final HttpClient http;

    Browser(int port) {
        this.origin = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String origin() {
        return origin;
    }

    /** Signs in through the login form, as a person would; the session cookie stays in this browser. */
    Browser signIn(String username, String password) throws IOException, InterruptedException {
        String page = http.send(HttpRequest.newBuilder(URI.create(origin + "/login")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF_FIELD.matcher(page);
        assertThat(csrf.find()).as("the login form carries a CSRF token").isTrue();
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(origin + "/login")).timeout(TIMEOUT)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.headers().firstValue("Location")).as("signed in").hasValue(origin + "/");
        return this;
    }

    /** The page at {@code path}, and the CSRF token of its first form. */
    String csrfOf(String path) throws IOException, InterruptedException {
        String page = http.send(HttpRequest.newBuilder(URI.create(origin + path)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF_FIELD.matcher(page);
        assertThat(csrf.find()).as("%s carries a form with a CSRF token", path).isTrue();
        return csrf.group(1);
    }

    /** Posts {@code body} of {@code contentType} to {@code path} with this browser's cookies, as a form does. */
    HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(origin + path)).timeout(TIMEOUT)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens the console WebSocket at {@code path?ticket=…} with the given extra headers (Origin, Authorization). */
    ConsoleSocket openConsole(String path, String ticket, Map<String, String> headers) throws InterruptedException {
        URI uri = URI.create(origin.replace("http:", "ws:") + path + "?ticket=" + encode(ticket));
        ConsoleSocket socket = new ConsoleSocket();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        try {
            socket.opened(builder.buildAsync(uri, socket).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                socket.refused(refused.getResponse().statusCode());
            } else {
                throw new AssertionError("the console WebSocket failed: " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new AssertionError("the console WebSocket did not answer within " + TIMEOUT, e);
        }
        return socket;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** One console WebSocket: what the server sent, and how it ended. */
    static final class ConsoleSocket implements WebSocket.Listener {
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private volatile WebSocket socket;
        private volatile int refusedWith;

        private void opened(WebSocket socket) {
            this.socket = socket;
        }

        private void refused(int status) {
            this.refusedWith = status;
            closed.complete(status);
        }

        boolean isOpen() {
            return socket != null;
        }

        /** The HTTP status the handshake was refused with, 0 when it opened. */
        int refusedWith() {
            return refusedWith;
        }

        synchronized String receivedText() {
            return received.toString(StandardCharsets.ISO_8859_1);
        }

        /** The close code the server ended the connection with, waiting at most {@code within}. */
        int closeCode(Duration within) throws InterruptedException {
            try {
                return closed.get(within.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the console WebSocket was still open after " + within.toMillis() + " ms");
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }

        void send(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }

        void close() {
            if (socket != null && !socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            synchronized (this) {
                received.writeBytes(bytes);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
