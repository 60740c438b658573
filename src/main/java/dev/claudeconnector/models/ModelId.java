package dev.claudeconnector.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces the many spellings of one Claude model to a single key. Anthropic, Bedrock and Open WebUI
 * all name the same model differently: {@code claude-sonnet-4-5-20250929},
 * {@code us.anthropic.claude-sonnet-4-5-20250929-v1:0}, {@code claude-sonnet-4.5},
 * {@code Claude Sonnet 4.5}; {@code claude-3-7-sonnet-latest} and {@code claude-3.7-sonnet} too.
 * The key is {@code family:version}, e.g. {@code sonnet:4.5}.
 */
public final class ModelId {
    private static final Pattern FAMILY = Pattern.compile("(opus|sonnet|haiku)");
    private static final Pattern DATE = Pattern.compile("(?<!\\d)(20\\d{6})(?!\\d)");
    private static final Pattern BEDROCK_SUFFIX = Pattern.compile("-v\\d+(:\\d+)?$");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\d.])(\\d{1,2})(?![\\d])");

    private ModelId() {
    }

    /** The family ("opus", "sonnet", "haiku") when the id names a Claude model. */
    public static Optional<String> family(String id) {
        Matcher m = FAMILY.matcher(id.toLowerCase(Locale.ROOT));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code family:version} for a Claude model id, empty for anything else. */
    public static Optional<String> key(String id) {
        String s = id.toLowerCase(Locale.ROOT).trim();
        if (!s.contains("claude")) {
            return Optional.empty();
        }
        Optional<String> family = family(s);
        if (family.isEmpty()) {
            return Optional.empty();
        }
        s = BEDROCK_SUFFIX.matcher(s).replaceAll("");
        s = DATE.matcher(s).replaceAll(" ");
        s = s.replace("latest", " ");
        // Keep only what follows "claude": Bedrock prefixes ("us.anthropic.") carry no version.
        s = s.substring(s.indexOf("claude") + "claude".length());
        List<String> numbers = new ArrayList<>();
        Matcher n = NUMBER.matcher(s.replace('.', '-').replace('_', '-').replace(' ', '-'));
        while (n.find()) {
            numbers.add(n.group(1));
        }
        // "claude-sonnet-4-0" is Anthropic's alias for "claude-sonnet-4": a trailing .0 adds nothing.
        while (numbers.size() > 1 && numbers.getLast().equals("0")) {
            numbers.removeLast();
        }
        if (numbers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(family.get() + ":" + String.join(".", numbers));
    }
}
