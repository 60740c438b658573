package dev.claudeconnector.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code completion bash|zsh|fish}: the scripts themselves (InstallTest has the shells use them). */
class CompletionCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bash", "zsh", "fish"})
    void eachScriptIsValidForItsShellAndCompletesEveryCommand(String shell) throws Exception {
        CliRun run = CliRun.of("completion", shell);
        assertEquals(0, run.exit(), run.err());
        new CommandLine(new AgentCommand()).getSubcommands().forEach((command, line) -> {
            boolean hidden = line.getCommandSpec().usageMessage().hidden();
            assertEquals(!hidden, run.out().contains(shell.equals("fish") ? "-a '" + command + "'"
                    : "function _picocli_claude-connector_" + command + "()"), command + (hidden ? " is not offered" : " is offered"));
        });
        Path script = Files.writeString(tmp.resolve("script." + shell), run.out());
        Process check = new ProcessBuilder(shell, "-n", script.toString()).redirectErrorStream(true).start();
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), shell + " -n: " + new String(check.getInputStream().readAllBytes()));
    }

    @Test
    void zshGetsAnAutoloadableFunctionWithoutPicocliShellSetUp() {
        String zsh = CliRun.of("completion", "zsh").out();
        assertTrue(zsh.startsWith("#compdef claude-connector\n"), zsh);
        assertTrue(zsh.contains("autoload -U +X bashcompinit && bashcompinit\n"), zsh);
        assertTrue(zsh.strip().endsWith("_bash_complete -F _complete_claude-connector -o default"), zsh);
        // picocli's own set-up would run compinit and change the user's options on the first TAB.
        assertFalse(zsh.contains("setopt COMPLETE_ALIASES"), zsh);
        assertFalse(zsh.contains("+X compinit"), zsh);
    }

    @Test
    void fishOffersFilesFoldersAndChoicesWhereTheOptionsTakeThem() {
        String fish = CliRun.of("completion", "fish").out();
        assertTrue(fish.contains("complete -c claude-connector -f\n"), "no file names where none are expected");
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from status' -l 'config' -r -F"), fish);
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from status' -l 'profile' -x -a '(__fish_complete_directories)'"), fish);
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from env' -l 'shell' -x -a 'bash zsh fish'"), fish);
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from claude' -s 'm' -l 'model' -x -d 'A catalog model (see \\'models\\')'"),
                fish);
        assertTrue(fish.contains("-n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'"), fish);
    }

    @Test
    void descriptionsAreTheirFirstSentence() {
        assertEquals("Show the catalog (e.g. a Bedrock id) beside it",
                ShellCompletion.summary(new String[] {"Show the catalog (e.g. a Bedrock id)", "beside it. More."}));
        assertEquals("One", ShellCompletion.summary(new String[] {"One."}));
        assertEquals("'it\\'s a \\\\'", ShellCompletion.quote("it's a \\"));
    }

    @Test
    void anUnknownShellIsBadUsage() {
        CliRun run = CliRun.of("completion", "powershell");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("bash, zsh, fish"), run.err());
    }
}
