package dev.claudeconnector.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's install step, end to end, in a home folder of its own: {@code ./install} puts
 * {@code claude-connector} on PATH with its completions, the command works from an unrelated folder
 * and names itself, bash, zsh and fish complete it as each is set up, and {@code ./install --uninstall}
 * takes every installed file away again.
 *
 * <p>It installs the packaged jar, so Maven runs it after {@code package} (the {@code install-test}
 * execution in pom.xml, part of {@code ./build verify}), which passes the jar's path as
 * {@code connector.packaged-jar}; in the test phase it is skipped.
 */
class InstallTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static final String NAME = "claude-connector";

    @TempDir
    Path tmp;

    private Path home;
    private Path data;
    private Path config;
    private Path bin;

    @Test
    void installsACommandOnPathWithCompletionsAndUninstallsIt() throws Exception {
        String packaged = System.getProperty("connector.packaged-jar");
        assumeTrue(packaged != null && Files.isRegularFile(Path.of(packaged)),
                "needs the packaged jar: runs after package (./build verify)");
        Path jar = Path.of(packaged);
        home = Files.createDirectories(tmp.resolve("home"));
        data = home.resolve("data");
        config = home.resolve("config");
        bin = home.resolve(".local/bin");
        Path elsewhere = Files.createDirectories(tmp.resolve("some-project"));

        // Installed where PATH does not reach yet: the install says how to add ~/.local/bin.
        Map<String, String> zshUser = env(false);
        zshUser.put("SHELL", "/usr/bin/zsh");
        ProcessRun first = run(elsewhere, zshUser, 300, "bash", REPO.resolve("install").toString(), "--jar", jar.toString());
        assertEquals(0, first.exit(), first.all());
        assertTrue(first.out().contains("~/.local/bin is not on your PATH"), first.all());
        assertTrue(first.out().contains("fpath=(" + data.resolve("zsh/site-functions")), first.all());

        Set<Path> installed = filesUnder(home);
        assertEquals(new TreeSet<>(Set.of(bin.resolve(NAME), data.resolve(NAME + "/agent.jar"),
                data.resolve(NAME + "/installed.txt"), data.resolve("bash-completion/completions/" + NAME),
                data.resolve("zsh/site-functions/_" + NAME), config.resolve("fish/completions/" + NAME + ".fish"))),
                installed, "what the install writes, and nothing else");
        assertTrue(Files.isExecutable(bin.resolve(NAME)));
        assertEquals(-1, Files.mismatch(jar, data.resolve(NAME + "/agent.jar")), "the installed copy is the jar");

        // Again, with ~/.local/bin on PATH: an up-to-date copy stays, no PATH advice.
        ProcessRun again = run(elsewhere, env(true), 300, "bash", REPO.resolve("install").toString(), "--jar", jar.toString());
        assertEquals(0, again.exit(), again.all());
        assertTrue(again.out().contains("(unchanged)"), again.all());
        assertFalse(again.out().contains("not on your PATH"), again.all());
        assertEquals(installed, filesUnder(home));

        // From an unrelated folder, by name through PATH, with no JAVA_HOME and the machine's default java.
        ProcessRun version = run(elsewhere, env(true), 60, "bash", "-c", NAME + " --version");
        assertEquals(0, version.exit(), version.all());
        assertTrue(version.out().matches(NAME + " \\d[\\w.-]*\\s*"), version.all());
        ProcessRun help = run(elsewhere, env(true), 60, "bash", "-c", NAME + " status --help");
        assertEquals(0, help.exit(), help.all());
        assertTrue(help.out().startsWith("Usage: " + NAME + " status"), help.out());
        assertTrue(help.out().contains("  " + NAME + " status --json"), help.out());
        assertFalse(help.out().contains("agent.jar"), help.out());
        try (Stream<Path> left = Files.list(elsewhere)) {
            assertEquals(List.of(), left.toList(), "nothing written into the folder it ran in");
        }

        javaIsFoundOrNamed(elsewhere);

        List<String> st = subcommandsStartingWith("st");
        assertTrue(st.contains("status"), st.toString());
        bashCompletes(st);
        zshCompletes(st);
        fishCompletes(st);

        // What the program caches while it runs (the unpacked driver, the proxy's class cache) goes too.
        Path cache = home.resolve("cache").resolve(NAME);
        Files.createDirectories(cache.resolve("playwright-driver/node"));
        Files.writeString(cache.resolve("agent-0123abcd-0123456789abcdef.aot"), "cache");
        Files.writeString(cache.resolve("playwright-driver/node/package.json"), "{}");
        ProcessRun removed = run(elsewhere, env(true), 60, "bash", REPO.resolve("install").toString(), "--uninstall");
        assertEquals(0, removed.exit(), removed.all());
        assertFalse(Files.exists(cache), "the program's cache is left after --uninstall:\n" + removed.all());
        assertTrue(removed.out().contains("removed ~/cache/" + NAME), removed.all());
        for (Path file : installed) {
            assertFalse(Files.exists(file), file + " is left after --uninstall:\n" + removed.all());
        }
        assertEquals(Set.of(), filesUnder(home), "the shells here wrote nothing into the home, so it is empty again");
        for (Path folder : List.of(bin, data.resolve(NAME), data.resolve("zsh"), data.resolve("bash-completion"),
                config.resolve("fish/completions"))) {
            assertFalse(Files.exists(folder), folder + " (made by the install) is left");
        }
        ProcessRun twice = run(elsewhere, env(true), 60, "bash", REPO.resolve("install").toString(), "--uninstall");
        assertEquals(0, twice.exit(), twice.all());
        assertTrue(twice.out().contains("was not installed"), twice.all());
    }

    /** The jar a user builds carries the browser driver of their machine only (the others are ~40 MB each). */
    @Test
    void thePackagedJarCarriesThisMachinesBrowserDriverOnly() throws Exception {
        String packaged = System.getProperty("connector.packaged-jar");
        assumeTrue(packaged != null && Files.isRegularFile(Path.of(packaged)),
                "needs the packaged jar: runs after package (./build verify)");
        Set<String> drivers = new TreeSet<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(packaged)) {
            zip.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("driver/") && name.split("/").length > 2)
                    .map(name -> name.split("/")[1])
                    .filter(folder -> !folder.equals("package"))
                    .forEach(drivers::add);
        }
        String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch");
        String here = os.contains("linux") ? (arch.equals("aarch64") ? "linux-arm64" : "linux")
                : os.contains("windows") ? "win32_x64" : arch.equals("aarch64") ? "mac-arm64" : "mac";
        assertEquals(Set.of(here), drivers, "the Node.js builds inside " + packaged);
    }

    /** Without any Java 21+ the command says so and what to do; a JAVA_HOME older than 21 is passed over. */
    private void javaIsFoundOrNamed(Path elsewhere) throws Exception {
        // Only the tools the command itself uses: no java on PATH, and no JDK folders to search.
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("env", "bash", "sed", "head", "dirname", "readlink")) {
            Path real = Stream.of("/usr/bin/", "/bin/").map(d -> Path.of(d + tool)).filter(Files::isExecutable)
                    .findFirst().orElseThrow();
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
        Map<String, String> none = env(true);
        none.put("PATH", bin + ":" + tools);
        none.put("CLAUDE_CONNECTOR_JDK_DIRS", Files.createDirectories(tmp.resolve("no-jdks")).toString());
        ProcessRun missing = run(elsewhere, none, 60, bin.resolve(NAME).toString(), "--version");
        assertEquals(1, missing.exit(), missing.all());
        assertTrue(missing.err().startsWith("error: " + NAME + " needs Java 21 or newer; none was found"), missing.err());
        assertTrue(missing.err().contains("set JAVA_HOME"), missing.err());
        try (Stream<Path> links = Files.list(tools)) {
            for (Path link : links.toList()) {
                Files.delete(link);
            }
        }

        Path oldJdk = null;
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path candidate : jdks.toList()) {
                String release = Files.exists(candidate.resolve("release")) ? Files.readString(candidate.resolve("release")) : "";
                Matcher v = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
                if (v.find() && Integer.parseInt(v.group(1)) < 21 && Files.isExecutable(candidate.resolve("bin/java"))) {
                    oldJdk = candidate;
                }
            }
        } catch (IOException noJvmFolder) {
            // not a Debian-style machine
        }
        if (oldJdk != null) {
            Map<String, String> old = env(true);
            old.put("JAVA_HOME", oldJdk.toString());
            old.put("PATH", bin + ":" + oldJdk.resolve("bin") + ":" + System.getenv("PATH"));
            ProcessRun passedOver = run(elsewhere, old, 60, "bash", "-c", NAME + " --version");
            assertEquals(0, passedOver.exit(), "with JAVA_HOME and java on PATH at " + oldJdk + ":\n" + passedOver.all());
        }
    }

    private void bashCompletes(List<String> st) throws Exception {
        Path script = data.resolve("bash-completion/completions/" + NAME);
        ProcessRun bash = run(tmp, env(true), 60, "bash", "--norc", "--noprofile", "-c", """
                source "$1" || exit 1
                complete -p claude-connector
                for line in 'claude-connector st' 'claude-connector env --shell ' 'claude-connector status --j'; do
                  read -r -a COMP_WORDS <<<"$line"
                  [[ $line == *' ' ]] && COMP_WORDS+=('')
                  COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )) COMP_LINE=$line COMP_POINT=${#line}
                  COMPREPLY=()
                  _complete_claude-connector claude-connector "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                  printf 'candidate: %s\\n' "${COMPREPLY[@]}"
                  echo 'completion done'
                done
                """, "_", script.toString());
        assertEquals(0, bash.exit(), bash.all());
        assertTrue(bash.out().lines().findFirst().orElse("").matches("complete .*-F _complete_claude-connector .*claude-connector"),
                bash.out());
        List<List<String>> offered = completions(bash.out());
        assertEquals(st, offered.get(0), bash.out());
        assertEquals(List.of("bash", "zsh", "fish"), offered.get(1), bash.out());
        assertEquals(List.of("--json"), offered.get(2), bash.out());
    }

    /** zsh set up as the README says (the folder on fpath, then compinit), TAB pressed in a real interactive zsh. */
    private void zshCompletes(List<String> st) throws Exception {
        Path zdotdir = Files.createDirectories(tmp.resolve("zdotdir"));
        Files.writeString(zdotdir.resolve(".zshrc"), """
                fpath=("${XDG_DATA_HOME:-$HOME/.local/share}/zsh/site-functions" $fpath)
                autoload -Uz compinit && compinit
                """);
        Map<String, String> zshEnv = env(true);
        zshEnv.put("ZDOTDIR", zdotdir.toString());
        Path capture = Path.of(InstallTest.class.getResource("/shell/zsh-complete.zsh").toURI());
        ProcessRun zsh = run(tmp, zshEnv, 60, "zsh", "-f", capture.toString(),
                "claude-connector st", "claude-connector env --shell ", "claude-connector status --j",
                "claude-connector st");
        assertEquals(0, zsh.exit(), zsh.all());
        List<List<String>> offered = completions(zsh.out());
        assertEquals(4, offered.size(), zsh.out());
        assertEquals(new TreeSet<>(st), new TreeSet<>(offered.get(0)), zsh.out());
        assertEquals(new TreeSet<>(List.of("bash", "zsh", "fish")), new TreeSet<>(offered.get(1)), zsh.out());
        assertEquals(List.of("--json"), offered.get(2), zsh.out());
        assertEquals(offered.get(0), offered.get(3), "a later TAB (after the function replaced itself):\n" + zsh.out());
    }

    private void fishCompletes(List<String> st) throws Exception {
        ProcessRun fish = run(tmp, env(true), 60, "fish", "-c", """
                for line in 'claude-connector st' 'claude-connector env --shell ' 'claude-connector status --j'
                  complete -C "$line" | string replace -r '\\t.*' '' | string replace -r '^' 'candidate: '
                  echo 'completion done'
                end
                """);
        assertEquals(0, fish.exit(), fish.all());
        List<List<String>> offered = completions(fish.out());
        assertEquals(new TreeSet<>(st), new TreeSet<>(offered.get(0)), fish.out());
        assertEquals(new TreeSet<>(List.of("bash", "zsh", "fish")), new TreeSet<>(offered.get(1)), fish.out());
        assertEquals(List.of("--json"), offered.get(2), fish.out());
        assertTrue(fish.out().contains("candidate: status"), fish.out());
    }

    /** The subcommands whose name starts with {@code prefix}, from the program's own definition. */
    private static List<String> subcommandsStartingWith(String prefix) {
        return new CommandLine(new AgentCommand()).getSubcommands().keySet().stream()
                .filter(n -> n.startsWith(prefix)).toList();
    }

    /** "candidate: X" lines, grouped by "completion done". */
    private static List<List<String>> completions(String output) {
        List<List<String>> all = new ArrayList<>();
        List<String> current = new ArrayList<>();
        Matcher m = Pattern.compile("candidate: (\\S+)|completion done").matcher(output.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", ""));
        while (m.find()) {
            if (m.group(1) != null) {
                current.add(m.group(1));
            } else {
                all.add(current);
                current = new ArrayList<>();
            }
        }
        return all;
    }

    /** The test's environment: HOME and the XDG folders in the temp folder; no JAVA_HOME; PATH with or without ~/.local/bin. */
    private Map<String, String> env(boolean binOnPath) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("XDG_") || k.startsWith("CLAUDE_CONNECTOR") || k.equals("JAVA_HOME")
                || k.equals("ZDOTDIR") || k.equals("BASH_COMPLETION_USER_DIR") || k.equals("BASH_ENV")
                || k.equals("ENV"));
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", data.toString());
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("PATH", (binOnPath ? bin + ":" : "") + System.getenv("PATH"));
        return env;
    }


    private ProcessRun run(Path dir, Map<String, String> env, long seconds, String... command) throws Exception {
        return ProcessRun.of(tmp, dir, env, seconds, command);
    }

    private static Set<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !Files.isDirectory(p)).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
