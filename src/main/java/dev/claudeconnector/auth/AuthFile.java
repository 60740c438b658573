package dev.claudeconnector.auth;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell-syntax auth file ({@code export NAME='value'} lines, quotes optional). Reading never
 * fails on lines it does not understand; writing keeps every other line and comment, goes through
 * a temp file in the same folder (fsync, then rename) so a reader never sees half a file, and
 * leaves the file readable by its owner only.
 */
public final class AuthFile {
    private static final Pattern ASSIGNMENT =
            Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*?)\\s*$");

    private static final Set<PosixFilePermission> OTHERS_ACCESS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final Path path;

    public AuthFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** All assignments in the file; empty when the file does not exist. */
    public Map<String, String> read() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.exists(path)) {
            return values;
        }
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.matches() && !line.trim().startsWith("#")) {
                values.put(m.group(1), unquote(m.group(2)));
            }
        }
        return values;
    }

    /**
     * The file's mode as octal ("0644") when users other than its owner may read or write it; empty when
     * only the owner may, when there is no file, or on a file system without POSIX permissions.
     */
    public Optional<String> sharedMode() {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
            boolean shared = perms.stream().anyMatch(OTHERS_ACCESS::contains);
            int mode = 0;
            for (PosixFilePermission p : perms) {
                mode |= 1 << (8 - p.ordinal());
            }
            return shared ? Optional.of(String.format("0%03o", mode)) : Optional.empty();
        } catch (IOException | UnsupportedOperationException noModeHere) {
            return Optional.empty();
        }
    }

    /** Sets one variable, keeping all other lines. */
    public void put(String name, String value) throws IOException {
        putAll(Collections.singletonMap(name, value));
    }

    /**
     * Sets several variables in one write (one rename, so a reader sees all of them changed or none),
     * keeping all other lines. A {@code null} value removes that variable's assignments instead;
     * comments, including commented-out assignments, stay. New variables are appended in map order.
     */
    public synchronized void putAll(Map<String, String> values) throws IOException {
        if (!Files.exists(path) && values.values().stream().allMatch(Objects::isNull)) {
            return; // nothing to set, nothing to remove: no file is created
        }
        List<String> lines = Files.exists(path)
                ? new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8))
                : new ArrayList<>();
        Set<String> replaced = new HashSet<>();
        for (ListIterator<String> it = lines.listIterator(); it.hasNext(); ) {
            String line = it.next();
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches() || line.trim().startsWith("#") || !values.containsKey(m.group(1))) {
                continue;
            }
            String value = values.get(m.group(1));
            if (value == null) {
                it.remove();
            } else {
                it.set(assignment(m.group(1), value));
                replaced.add(m.group(1));
            }
        }
        values.forEach((name, value) -> {
            if (value != null && !replaced.contains(name)) {
                lines.add(assignment(name, value));
            }
        });
        writeAtomically(lines.isEmpty() ? "" : String.join("\n", lines) + "\n");
    }

    private static String assignment(String name, String value) {
        return "export " + name + "=" + quote(value);
    }

    private void writeAtomically(String content) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(StandardCharsets.UTF_8.encode(content));
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The value as a POSIX shell would assign it: '…' literal, "…" with backslash escapes, bare
     * words with backslash escapes, concatenated ('a'\''b' is a'b); unquoted whitespace ends the value.
     */
    static String unquote(String raw) {
        StringBuilder out = new StringBuilder();
        String v = raw.strip();
        int i = 0;
        while (i < v.length()) {
            char c = v.charAt(i);
            if (c == '\'') {
                int end = v.indexOf('\'', i + 1);
                end = end < 0 ? v.length() : end;
                out.append(v, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i++;
                while (i < v.length() && v.charAt(i) != '"') {
                    if (v.charAt(i) == '\\' && i + 1 < v.length() && "\"\\$`".indexOf(v.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    out.append(v.charAt(i++));
                }
                i++;
            } else if (c == '\\' && i + 1 < v.length()) {
                out.append(v.charAt(i + 1));
                i += 2;
            } else if (Character.isWhitespace(c)) { // the rest of the line is another word or a comment
                break;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Single quotes: the value is taken literally by every POSIX shell. */
    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
