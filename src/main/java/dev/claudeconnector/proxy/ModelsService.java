package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.config.ModelSpec;
import dev.claudeconnector.json.JsonTrees;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}} in Anthropic's list format, from the catalog. */
final class ModelsService implements HttpService {
    /** The catalog has no release dates; a fixed, valid timestamp keeps clients' parsers happy. */
    private static final String CREATED_AT = "2025-01-01T00:00:00Z";

    private final ProxyContext ctx;

    ModelsService(ProxyContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/models", this::list)
                .get("/v1/models/{id}", this::one);
    }

    private void list(ServerRequest req, ServerResponse res) {
        List<ModelSpec> models = ctx.catalog().models();
        ObjectNode page = JsonTrees.object();
        ArrayNode data = page.putArray("data");
        models.forEach(m -> data.add(describe(m)));
        page.put("has_more", false);
        page.put("first_id", models.getFirst().name());
        page.put("last_id", models.getLast().name());
        send(res, page);
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        ModelSpec model = ctx.catalog().find(id).orElseThrow(() -> new ApiError(404, "not_found_error",
                "model: '" + id + "' is not in the catalog. Available: " + ctx.catalog().models().stream()
                        .map(ModelSpec::name).toList() + "."));
        send(res, describe(model));
    }

    private ObjectNode describe(ModelSpec m) {
        ObjectNode node = JsonTrees.object();
        node.put("type", "model");
        node.put("id", m.name());
        node.put("display_name", m.name() + (m.name().equals(m.upstreamId()) ? "" : " (" + m.upstreamId() + ")"));
        node.put("created_at", CREATED_AT);
        node.put("max_tokens", m.maxTokens());
        return node;
    }

    private void send(ServerResponse res, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(JsonTrees.bytes(body));
    }
}
