package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackReadersTest {

    @Test
    void endsWhenEveryExpectedReaderStartedAndIsDone() {
        StackReaders readers = new StackReaders();
        readers.expect(3);
        readers.started();
        readers.started();
        assertThat(readers.done())
                .as("one of three done, one still reading, one not started")
                .isFalse();
        assertThat(readers.done()).as("two done, the third not started yet").isFalse();
        readers.started();
        assertThat(readers.done()).as("the last one").isTrue();
    }

    @Test
    void aReaderStillReadingHoldsTheEnd() {
        StackReaders readers = new StackReaders();
        readers.expect(2);
        readers.started();
        readers.started();
        assertThat(readers.done()).isFalse();
        readers.started(); // more than expected: still reading
        assertThat(readers.done()).isFalse();
        assertThat(readers.done()).isTrue();
    }

    @Test
    void endsOnce() {
        StackReaders readers = new StackReaders();
        readers.expect(1);
        readers.started();
        assertThat(readers.done()).isTrue();
        readers.started();
        assertThat(readers.done()).isFalse();
    }

    @Test
    void neverEndsWithoutAnExpectedCount() {
        StackReaders readers = new StackReaders();
        readers.started();
        assertThat(readers.done())
                .as("a run that did not say how many scenarios read the stack")
                .isFalse();
        readers.expect(0);
        readers.started();
        assertThat(readers.done())
                .as("a run without readers (only the teardown): the teardown destroys")
                .isFalse();
    }
}
