package dev.claudeconnector.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.Map;

/**
 * Reversible mapping between Anthropic tool names and names the upstream accepts
 * (at most 64 characters of {@code [a-zA-Z0-9_-]}, the OpenAI function-name rule).
 *
 * <p>Names already valid upstream are used unchanged, so the common case costs nothing. Others
 * (long MCP names such as {@code mcp__server__some_very_long_tool_name...}, or names with dots)
 * become a readable prefix plus {@code _} plus 8 hex characters of the SHA-256 of the full name:
 * deterministic, so the same name maps the same way in every request of a conversation, and
 * distinct names stay distinct. {@link #toUpstream} works for any name; {@link #toAnthropic}
 * knows the names this mapping was built from. Immutable, so one instance may be shared.
 */
public final class ToolNames {
    static final int MAX_UPSTREAM_LENGTH = 64;
    private static final int HASH_HEX_CHARS = 8;
    private static final ToolNames NONE = new ToolNames(Map.of(), null);

    private final Map<String, String> anthropicByUpstream;
    /** Upstream names of the tools the request offered; null when unknown (nothing is checked). */
    private final Set<String> offeredUpstream;

    private ToolNames(Map<String, String> anthropicByUpstream, Set<String> offeredUpstream) {
        this.anthropicByUpstream = anthropicByUpstream;
        this.offeredUpstream = offeredUpstream;
    }

    /** A mapping that knows these Anthropic names (duplicates and nulls are ignored); which were offered is unknown. */
    public static ToolNames of(Iterable<String> anthropicNames) {
        Map<String, String> byUpstream = byUpstream(anthropicNames);
        return byUpstream.isEmpty() ? NONE : new ToolNames(byUpstream, null);
    }

    /**
     * The mapping for one request: {@code known} are every tool name it mentions (history included),
     * {@code offered} those in its {@code tools}, the only ones a model may call.
     */
    public static ToolNames forRequest(Iterable<String> known, Collection<String> offered) {
        Set<String> offeredUpstream = new HashSet<>();
        for (String name : offered) {
            offeredUpstream.add(upstreamNameOf(name));
        }
        return new ToolNames(byUpstream(known), Set.copyOf(offeredUpstream));
    }

    private static Map<String, String> byUpstream(Iterable<String> anthropicNames) {
        Map<String, String> byUpstream = new HashMap<>();
        for (String name : anthropicNames) {
            if (name != null) {
                byUpstream.putIfAbsent(upstreamNameOf(name), name);
            }
        }
        return Collections.unmodifiableMap(byUpstream);
    }

    /**
     * Whether a model may call this upstream tool name: the request offered it, or which tools were
     * offered is unknown. False for tools Open WebUI put in on its own (its built-ins).
     */
    public boolean mayCall(String upstreamName) {
        return offeredUpstream == null || offeredUpstream.contains(upstreamName);
    }

    /** Whether the request offered any tool (true when unknown). */
    public boolean offersTools() {
        return offeredUpstream == null || !offeredUpstream.isEmpty();
    }

    /** A mapping that knows no names: every name maps to itself on the way back. */
    public static ToolNames none() {
        return NONE;
    }

    public String toUpstream(String anthropicName) {
        return upstreamNameOf(anthropicName);
    }

    /** The Anthropic name for an upstream name; unknown names are returned unchanged. */
    public String toAnthropic(String upstreamName) {
        if (upstreamName == null) {
            return null;
        }
        return anthropicByUpstream.getOrDefault(upstreamName, upstreamName);
    }

    static String upstreamNameOf(String name) {
        if (isValidUpstreamName(name)) {
            return name;
        }
        return shorten(name, MAX_UPSTREAM_LENGTH);
    }

    static boolean isValidUpstreamName(String name) {
        return isSafeIdentifier(name, MAX_UPSTREAM_LENGTH);
    }

    /** True when {@code value} is 1..maxLength characters of {@code [a-zA-Z0-9_-]}. */
    static boolean isSafeIdentifier(String value, int maxLength) {
        int length = value.length();
        if (length == 0 || length > maxLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!isSafeChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A safe identifier of at most {@code maxLength} characters for any string: the sanitised
     * start of the value, then {@code _} and a hash of the whole original value.
     */
    static String shorten(String value, int maxLength) {
        int keep = Math.min(value.length(), maxLength - HASH_HEX_CHARS - 1);
        StringBuilder out = new StringBuilder(maxLength);
        for (int i = 0; i < keep; i++) {
            char c = value.charAt(i);
            out.append(isSafeChar(c) ? c : '_');
        }
        return out.append('_').append(sha256Hex(value), 0, HASH_HEX_CHARS).toString();
    }

    static boolean isSafeChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(digest.length * 2);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
