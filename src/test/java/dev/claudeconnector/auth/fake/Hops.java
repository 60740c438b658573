package dev.claudeconnector.auth.fake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser stand-in for the fakes' self-tests: follows no redirect by itself (each hop is a step of the test) and
 * carries cookies per host name, as a browser does (java.net.CookieManager will not keep cookies of "localhost").
 */
final class Hops {
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Map<String, String>> jar = new LinkedHashMap<>();

    HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.encode(form))));
    }

    /**
     * Open WebUI's SSO chain up to and including the callback's answer, which is returned: a form login when the
     * IdP shows its form, silent SSO when it has a session.
     */
    HttpResponse<String> signIn(FakeOpenWebUi owui, FakeIdp idp) throws Exception {
        HttpResponse<String> atIdp = get(location(get(owui.baseUrl() + "/oauth/oidc/login")));
        if (atIdp.statusCode() == 200) {
            Map<String, String> fields = hiddenFields(atIdp.body());
            fields.put("username", FakeIdp.USERNAME);
            fields.put("password", FakeIdp.PASSWORD);
            atIdp = get(location(post(idp.baseUrl() + "/login", fields)));
        }
        return get(location(atIdp));
    }

    /** The hidden inputs of a page (the authorization request, a prompt's name). */
    static Map<String, String> hiddenFields(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2).replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&amp;", "&"));
        }
        return out;
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "expected a redirect, got " + response.statusCode()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        Map<String, String> cookies = jar.computeIfAbsent(request.build().uri().getHost(), h -> new LinkedHashMap<>());
        if (!cookies.isEmpty()) {
            StringBuilder header = new StringBuilder();
            cookies.forEach((k, v) -> header.append(header.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            request.header("Cookie", header.toString());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String pair = setCookie.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return response;
    }
}
