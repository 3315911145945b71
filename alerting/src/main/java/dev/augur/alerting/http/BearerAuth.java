package dev.augur.alerting.http;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Optional bearer-token check for the data endpoints: with a token configured, a request must carry
 * {@code Authorization: Bearer <token>} or, for clients that cannot set headers (the browser's EventSource, a first
 * page load), the query parameter {@code access_token=<token>} (RFC 6750 section 2.3). Without a token everything is
 * open (the server binds to 127.0.0.1 by default). Comparison takes constant time.
 */
final class BearerAuth {
    private final byte[] token;

    /** @param token the expected token, or null for no check */
    BearerAuth(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean enabled() {
        return token != null;
    }

    boolean allows(HttpExchange exchange) {
        if (token == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                && matches(header.substring(7).trim())) {
            return true;
        }
        String fromQuery = HttpApi.queryParameter(exchange.getRequestURI().getRawQuery(), "access_token");
        return fromQuery != null && matches(fromQuery);
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }
}
