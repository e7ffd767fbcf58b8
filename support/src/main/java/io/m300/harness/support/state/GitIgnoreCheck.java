package io.m300.harness.support.state;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks git itself whether files would be ignored in a directory of a work tree (STATE-01):
 * {@code git check-ignore -v}, so that every ignore source counts the way git counts it
 * (.gitignore files at every level, negations, info/exclude). Tracked files are never ignored.
 */
public final class GitIgnoreCheck {

    /** The verdict for one path: ignored or not, and the rule that ignores it ({@code .gitignore:7:*.tfstate}). */
    public record Verdict(String path, boolean ignored, String rule) {
        @Override
        public String toString() {
            return path + (ignored ? " ignored by " + rule : " NOT ignored");
        }
    }

    private GitIgnoreCheck() {}

    /** The paths that sensitive Terraform files take inside an infra directory. */
    public static List<String> sensitivePaths() {
        return List.of(
                ".terraform/providers/registry.terraform.io",
                ".terraform/terraform.tfstate",
                "terraform.tfstate",
                "terraform.tfstate.backup",
                "prod.tfstate",
                "prod.tfstate.backup",
                "terraform.tfvars",
                "crash.log");
    }

    /**
     * The verdict of each path (relative to {@code dir}). Fails with a clear message when {@code dir}
     * is not inside a git work tree, because then nothing keeps the files out of version control
     * that this check could read.
     */
    public static List<Verdict> check(Path dir, List<String> relativePaths) {
        Result top = git(dir, List.of("rev-parse", "--show-toplevel"), "");
        if (top.exit != 0) {
            throw new HarnessException(
                    dir + " is not inside a git work tree (" + top.err.trim()
                            + "): STATE-01 judges the ignore rules of the repository that holds the infra directory, so run it on the repository, not on a copy");
        }
        StringBuilder stdin = new StringBuilder();
        relativePaths.forEach(p -> stdin.append(p).append('\n'));
        Result r = git(dir, List.of("check-ignore", "-v", "-n", "--stdin"), stdin.toString());
        if (r.exit != 0 && r.exit != 1) {
            throw new HarnessException("git check-ignore failed in " + dir + ": " + r.err.trim());
        }
        return parse(r.out, relativePaths);
    }

    /** Parses {@code git check-ignore -v -n} output ({@code source:line:pattern<TAB>path}; {@code ::<TAB>path} when not ignored). */
    static List<Verdict> parse(String output, List<String> paths) {
        Map<String, Verdict> byPath = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String source = line.substring(0, tab);
            String path = line.substring(tab + 1);
            boolean matched = !source.equals("::");
            // a match of a negated pattern ("!crash.log") means the path is NOT ignored
            String pattern = matched ? source.substring(source.indexOf(':', source.indexOf(':') + 1) + 1) : "";
            byPath.put(path, new Verdict(path, matched && !pattern.startsWith("!"), matched ? source : ""));
        }
        List<Verdict> out = new ArrayList<>();
        for (String p : paths) {
            out.add(byPath.getOrDefault(p, new Verdict(p, false, "")));
        }
        return out;
    }

    private record Result(int exit, String out, String err) {}

    private static Result git(Path dir, List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new HarnessException("git " + args.get(0) + " did not answer within 30 s in " + dir);
            }
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new HarnessException("could not run git in " + dir + ": " + e.getMessage() + " (is git installed?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HarnessException("interrupted while running git");
        }
    }
}
