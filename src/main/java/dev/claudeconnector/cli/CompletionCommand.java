package dev.claudeconnector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code completion bash|zsh|fish}: prints the shell completion script for the installed command. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script of the installed command, " + CompletionCommand.NAME
                + ", for bash, zsh or fish. The install step (./install) writes all three where the shells find"
                + " them; this prints one, to load by hand or to install elsewhere."},
        footer = {"", "Where ./install puts them (each shell finds them there):",
                "  bash: ~/.local/share/bash-completion/completions/" + CompletionCommand.NAME,
                "        (loaded by the bash-completion package)",
                "  zsh:  ~/.local/share/zsh/site-functions/_" + CompletionCommand.NAME,
                "        (that folder on fpath before compinit, in ~/.zshrc)",
                "  fish: ~/.config/fish/completions/" + CompletionCommand.NAME + ".fish",
                "", "Examples:",
                "  source <(${sys:connector.command} completion bash)",
                "  ${sys:connector.command} completion fish | source",
                "Exit codes: 0 printed, 2 bad usage."})
final class CompletionCommand implements Callable<Integer> {
    /** The command the scripts complete: the one ./install puts on PATH. */
    static final String NAME = "claude-connector";

    enum Shell { bash, zsh, fish }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        System.out.print(switch (shell) {
            case bash -> ShellCompletion.bash(NAME, root);
            case zsh -> ShellCompletion.zsh(NAME, root);
            case fish -> ShellCompletion.fish(NAME, root);
        });
        System.out.flush();
        return 0;
    }
}
