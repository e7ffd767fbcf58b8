package io.m300.harness.support.sweep;

import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.types.Deleter;
import io.m300.harness.support.stack.TaggedResources;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The book of one sweep: what was deleted (or, in a dry run, would be), what failed in the current
 * pass, what is still pending (AWS is deleting it), which calls were denied, and one-time notes.
 * Every deleter deletes through {@link #delete} and runs its service inside {@link #guarded}, so
 * a denied call is reported once and never retried and a failure never ends the pass.
 */
final class Deletions implements Deleter.Book {

    final AwsClients aws;
    final boolean dryRun;
    private final PrintStream out;

    final List<String> deleted = new ArrayList<>();
    final List<String> failed = new ArrayList<>();
    final List<String> pending = new ArrayList<>();
    final Set<String> denied = new LinkedHashSet<>();
    private final Set<String> done = new LinkedHashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();

    Deletions(AwsClients aws, PrintStream out, boolean dryRun) {
        this.aws = aws;
        this.out = out;
        this.dryRun = dryRun;
    }

    @Override
    public AwsClients aws() {
        return aws;
    }

    /** Starts a pass: what failed or was pending in the last one is asked again. */
    void newPass() {
        failed.clear();
        pending.clear();
    }

    /** Something AWS is still deleting; the sweep makes another pass for it (never in a dry run). */
    @Override
    public void pending(String what) {
        if (!dryRun) {
            pending.add(what);
        }
    }

    void say(String line) {
        out.println("[sweep] " + line);
    }

    /** Prints a line once per sweep. */
    void note(String key, String line) {
        if (notes.add(key)) {
            say(line);
        }
    }

    void denied(String line, String why) {
        if (denied.add(line)) {
            say("DENIED " + line + " " + why);
        }
    }

    /** Runs one service's deletions; a denied call is reported at once and not retried, anything else fails the pass. */
    @Override
    public void guarded(String name, Runnable body) {
        try {
            body.run();
        } catch (RuntimeException e) {
            if (TaggedResources.isDenied(e)) {
                denied(name + ": " + TaggedResources.message(e), "(not retried)");
            } else if (aws.target().isEmulator() && notImplemented(TaggedResources.message(e))) {
                note(
                        name,
                        name + ": not implemented by the emulator (" + TaggedResources.message(e)
                                + "), nothing to sweep");
            } else {
                failed.add(name + ": " + TaggedResources.message(e));
            }
        }
    }

    /** An emulator answers a call it does not implement with HTTP 500/501 (moto: Network Insights). Never tolerated on AWS. */
    static boolean notImplemented(String message) {
        return message.contains("HTTP 500")
                || message.contains("HTTP 501")
                || message.contains("InternalFailure")
                || message.contains("NotImplemented")
                || message.contains("not yet implemented");
    }

    /** Deletes one thing (in a dry run: says it would); a denied call is reported once, a failure fails the pass. */
    @Override
    public void delete(String what, Runnable action) {
        if (dryRun) {
            if (done.add(what)) {
                deleted.add(what);
                say("would delete " + what);
            }
            return;
        }
        try {
            action.run();
            if (done.add(what)) {
                deleted.add(what);
            }
            say("deleted " + what);
        } catch (RuntimeException e) {
            if (TaggedResources.isDenied(e)) {
                denied(what + ": " + TaggedResources.message(e), "(not retried)");
                return;
            }
            failed.add(what + ": " + TaggedResources.message(e));
        }
    }
}
