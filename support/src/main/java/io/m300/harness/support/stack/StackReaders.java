package io.m300.harness.support.stack;

/**
 * Counts the scenarios of a run that read the deployed stack, so that its destroy can start as soon
 * as none does any more: when as many as the run holds have started, and every one of them has
 * ended or only judges what was read before (the plan). Until the run says how many it holds, the
 * count never ends; a count that ends does so once.
 */
public final class StackReaders {

    private int expected = -1;
    private int started;
    private int active;
    private boolean ended;

    /** How many scenarios of the run read the stack (from the run's test plan). */
    public synchronized void expect(int scenarios) {
        expected = scenarios;
    }

    public synchronized void started() {
        started++;
        active++;
    }

    /** One reader is done; true for the call that ends the count (every expected reader started and done). */
    public synchronized boolean done() {
        active--;
        if (ended || expected <= 0 || started < expected || active > 0) {
            return false;
        }
        ended = true;
        return true;
    }

    @Override
    public synchronized String toString() {
        return "expected " + expected + ", started " + started + ", active " + active + (ended ? ", ended" : "");
    }
}
