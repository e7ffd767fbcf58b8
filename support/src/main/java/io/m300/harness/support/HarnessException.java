package io.m300.harness.support;

/**
 * A problem the user can fix: bad configuration, a missing tool, an unreachable target, a stack
 * that lacks something a step needs. Its message is one line that says what is wrong and what to
 * do; it carries no stack trace, because the stack trace of a user error only hides the message.
 */
public class HarnessException extends RuntimeException {

    public HarnessException(String message) {
        super(message, null, false, false);
    }

    public HarnessException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
