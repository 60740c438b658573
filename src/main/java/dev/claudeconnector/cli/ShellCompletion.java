package dev.claudeconnector.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Completion scripts for the installed command, all made from the same picocli model, so that a new
 * command or option completes in every shell without further work: bash is picocli's own script;
 * zsh runs that script through zsh's {@code bashcompinit}, packaged as an autoloaded {@code _NAME}
 * function for a folder on {@code fpath}; fish, which picocli does not cover, gets {@code complete}
 * lines written here.
 */
final class ShellCompletion {
    /** Where picocli's script stops being its comment header and starts its shell set-up. */
    private static final String SETUP = "if [ -n \"$BASH_VERSION\" ]; then";
    /** A full stop that ends a sentence (not the one in "e.g." or "i.e."). */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e)\\.(\\s|$)");

    private ShellCompletion() {
    }

    /** picocli's bash script for {@code name}, under a header that says what it is and where it goes. */
    static String bash(String name, CommandLine root) {
        String script = AutoComplete.bash(name, root);
        int setup = script.indexOf(SETUP);
        return "# bash completion for " + name + ", made by '" + name + " completion bash' (picocli " + CommandLine.VERSION + ").\n"
                + "# Its ./install puts it in ~/.local/share/bash-completion/completions/" + name + ", where the\n"
                + "# bash-completion package loads it on the first TAB; without that package, source it from ~/.bashrc.\n\n"
                + (setup < 0 ? script : script.substring(setup));
    }

    /**
     * An autoloadable zsh completion function ({@code #compdef}): on the first TAB it defines picocli's
     * bash functions, registers them through {@code bashcompinit} (which replaces this function for
     * later TABs) and answers this TAB with them. picocli's own shell set-up is left out: it would
     * run {@code compinit} and set {@code COMPLETE_ALIASES} in the user's shell.
     */
    static String zsh(String name, CommandLine root) {
        String script = AutoComplete.bash(name, root);
        int setup = script.indexOf(SETUP);
        int end = setup < 0 ? -1 : script.indexOf("\nfi\n", setup);
        String functions = end < 0 ? script : script.substring(end + "\nfi\n".length());
        return "#compdef " + name + "\n"
                + "# zsh completion for " + name + ", made by '" + name + " completion zsh': picocli's bash completion\n"
                + "# run by zsh's bashcompinit. Its ./install puts it in ~/.local/share/zsh/site-functions/_" + name + ";\n"
                + "# that folder must be on fpath before compinit runs, e.g. in ~/.zshrc:\n"
                + "#   fpath=(~/.local/share/zsh/site-functions $fpath)\n"
                + "#   autoload -Uz compinit && compinit\n\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + functions
                + "\n# This first TAB: answer it now (the 'complete' above handles the next ones).\n"
                + "_bash_complete -F _complete_" + name + " -o default\n";
    }

    /** {@code complete} lines for fish: subcommands, options and arguments, each with its description. */
    static String fish(String name, CommandLine root) {
        StringBuilder out = new StringBuilder()
                .append("# fish completion for ").append(name).append(", made by '").append(name)
                .append(" completion fish' from its command-line definition.\n")
                .append("# Its ./install puts it in ~/.config/fish/completions/").append(name).append(".fish.\n")
                .append("complete -c ").append(name).append(" -e\n")
                .append("complete -c ").append(name).append(" -f\n");
        fishCommand(out, name, root.getCommandSpec(), List.of());
        return out.toString();
    }

    /** One command: its options and arguments under {@code path} (the subcommand names leading to it), then its subcommands. */
    private static void fishCommand(StringBuilder out, String name, CommandSpec spec, List<CommandSpec> path) {
        List<CommandSpec> children = subcommands(spec);
        String here = condition(spec, path, children);
        out.append("\n# ").append(name);
        path.forEach(step -> out.append(' ').append(step.name()));
        out.append('\n');
        for (CommandSpec child : children) {
            for (String word : names(child)) {
                out.append("complete -c ").append(name).append(" -n ").append(quote(here)).append(" -a ")
                        .append(quote(word)).append(" -d ").append(quote(summary(child.usageMessage().description())))
                        .append('\n');
            }
        }
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            StringBuilder line = new StringBuilder("complete -c ").append(name).append(" -n ").append(quote(here));
            for (String n : option.names()) {
                if (n.startsWith("--")) {
                    line.append(" -l ").append(quote(n.substring(2)));
                } else if (n.length() == 2 && n.charAt(0) == '-') {
                    line.append(" -s ").append(quote(n.substring(1)));
                } else if (n.startsWith("-")) {
                    line.append(" -o ").append(quote(n.substring(1)));
                }
            }
            if (option.arity().max() > 0) {
                line.append(arguments(option));
            }
            out.append(line).append(" -d ").append(quote(summary(option.description()))).append('\n');
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            String values = arguments(positional);
            if (!positional.hidden() && !values.isEmpty()) {
                out.append("complete -c ").append(name).append(" -n ").append(quote(here)).append(values)
                        .append(" -d ").append(quote(summary(positional.description()))).append('\n');
            }
        }
        for (CommandSpec child : children) {
            fishCommand(out, name, child, append(path, child));
        }
    }

    private static List<CommandSpec> append(List<CommandSpec> path, CommandSpec child) {
        List<CommandSpec> longer = new ArrayList<>(path);
        longer.add(child);
        return longer;
    }

    /**
     * When a line applies: at the top before any subcommand; below, once every subcommand on the path
     * has been typed, and (where this command has subcommands of its own) none of those yet.
     */
    private static String condition(CommandSpec spec, List<CommandSpec> path, List<CommandSpec> children) {
        List<String> parts = new ArrayList<>();
        if (path.isEmpty()) {
            parts.add("__fish_use_subcommand");
        } else {
            for (CommandSpec step : path) {
                parts.add("__fish_seen_subcommand_from " + String.join(" ", names(step)));
            }
            if (!children.isEmpty()) {
                parts.add("not __fish_seen_subcommand_from "
                        + children.stream().flatMap(c -> names(c).stream()).collect(Collectors.joining(" ")));
            }
        }
        return String.join("; and ", parts);
    }

    /** What a value may be: listed candidates ({@code -x -a}), a file or folder, or free text ({@code -x}). */
    private static String arguments(ArgSpec arg) {
        List<String> candidates = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(candidates::add);
        }
        String label = arg.paramLabel().replaceAll("[<>]", "");
        Class<?> type = arg.type();
        boolean positional = arg instanceof PositionalParamSpec;
        if (!candidates.isEmpty()) {
            return (positional ? "" : " -x") + " -a " + quote(String.join(" ", candidates));
        }
        if (label.equals("DIR") || label.endsWith("_DIR")) {
            return (positional ? "" : " -x") + " -a '(__fish_complete_directories)'";
        }
        if (type == Path.class || type == File.class || label.equals("FILE") || label.equals("PATH")) {
            return positional ? " -F" : " -r -F";
        }
        return positional ? "" : " -x";
    }

    private static List<CommandSpec> subcommands(CommandSpec spec) {
        Set<CommandSpec> distinct = new LinkedHashSet<>();
        for (CommandLine sub : spec.subcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden()) {
                distinct.add(sub.getCommandSpec());
            }
        }
        return List.copyOf(distinct);
    }

    private static List<String> names(CommandSpec spec) {
        List<String> all = new ArrayList<>();
        all.add(spec.name());
        all.addAll(List.of(spec.aliases()));
        return all;
    }

    /** The first sentence of a description, on one line. */
    static String summary(String[] description) {
        String text = String.join(" ", description).replaceAll("\\s+", " ").strip();
        Matcher end = SENTENCE_END.matcher(text);
        return end.find() ? text.substring(0, end.start()) : text;
    }

    /** A fish single-quoted word. */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
