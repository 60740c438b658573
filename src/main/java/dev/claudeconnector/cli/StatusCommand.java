package dev.claudeconnector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code status}: a checklist of everything the connector needs, with one line of advice per problem. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Check the setup: config, Open WebUI reachable, token present and accepted (who is signed in,"
                + " when the token expires), browser profile and browser for sign-in, the proxy on its port,"
                + " and the Claude CLI. Prints ✓ or ✗ per check, with what to do for each ✗."},
        footer = {"", "Needed (a ✗ here makes status exit 1): the config loads, Open WebUI is reachable, a token is"
                + " present and Open WebUI accepts it, and the proxy port is not taken by another program.",
                "Reported but not needed (marked optional): the browser profile and browser (only login and refresh"
                + " use them; a token copied by hand works without), a running proxy ('claude' starts one), and the"
                + " 'claude' program.",
                "", "Examples:",
                "  ${sys:connector.command} status",
                "  ${sys:connector.command} status --json | jq '.checks[] | select(.ok | not)'",
                "Exit codes: 0 everything needed works, 1 a needed check failed, 2 bad usage."})
final class StatusCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    CommonOptions options;

    @Option(names = "--json", description = "Print {\"ok\":…,\"checks\":[{\"name\",\"ok\",\"needed\",\"detail\",\"advice\"}]} instead of the checklist.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<StatusCheck> checks;
        try {
            Settings settings = options.load();
            checks = StatusChecks.run(settings, System.getenv());
        } catch (IllegalArgumentException | IllegalStateException badSettings) {
            checks = List.of(StatusChecks.configFailed(badSettings));
        }
        boolean ok = checks.stream().noneMatch(StatusCheck::blocking);
        // ✓ and ✗ are UTF-8 whatever the locale says: terminals today are, and '?' helps nobody.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.print(json ? json(ok, checks) : checklist(ok, checks));
        out.flush();
        return ok ? 0 : 1;
    }

    static String checklist(boolean ok, List<StatusCheck> checks) {
        StringBuilder text = new StringBuilder();
        for (StatusCheck c : checks) {
            text.append(c.ok() ? "✓ " : "✗ ").append(c.name())
                    .append(!c.ok() && !c.needed() ? " (optional)" : "")
                    .append(": ").append(c.detail()).append('\n');
            if (!c.ok() && c.advice() != null) {
                text.append("  → ").append(c.advice()).append('\n');
            }
        }
        List<String> blocking = checks.stream().filter(StatusCheck::blocking).map(StatusCheck::name).toList();
        long optional = checks.stream().filter(c -> !c.ok() && !c.needed()).count();
        text.append(ok ? "Ready: everything needed works" + (optional == 0 ? "." : " (" + optional + " optional "
                        + (optional == 1 ? "check" : "checks") + " failed).")
                : "Not ready: " + String.join(", ", blocking) + ".").append('\n');
        return text.toString();
    }

    static String json(boolean ok, List<StatusCheck> checks) throws Exception {
        ObjectNode root = JSON.createObjectNode().put("ok", ok);
        ArrayNode list = root.putArray("checks");
        for (StatusCheck c : checks) {
            list.addObject().put("name", c.name()).put("ok", c.ok()).put("needed", c.needed())
                    .put("detail", c.detail()).put("advice", c.advice());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}
