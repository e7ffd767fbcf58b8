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
}
