package io.m300.harness.support.target;

/**
 * Somewhere the stack can be deployed. {@link #start()} makes it answer (starting an emulator if it
 * must) and {@link #close()} stops whatever start began; closing twice is harmless.
 */
public interface Target extends AutoCloseable {

    String name();

    TargetEnvironment start();

    @Override
    void close();

    /**
     * Leaves what {@link #start()} started running after this JVM ends (harness.keep=true) and
     * returns its process id, or 0 when the target has no process of its own to keep.
     */
    default long keepRunning() {
        return 0;
    }
}
