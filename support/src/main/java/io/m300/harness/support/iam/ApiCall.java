package io.m300.harness.support.iam;

import java.util.List;
import java.util.Map;

/**
 * One API call of a run, as IAM sees it: the IAM action it needs ({@code null} when the request
 * could not be mapped to one), the resources it touched ({@code "*"} where the action has no
 * resource or the request does not name it) and the request context keys known from the request
 * ({@code aws:RequestedRegion}, {@code iam:PassedToService}, {@code iam:PolicyARN}, ...).
 * {@code impliedBy} names the call that makes IAM check this one too (an {@code iam:PassRole}
 * behind {@code lambda:CreateFunction}), or is empty. {@code request} says where it came from
 * ({@code POST /2015-03-31/functions}); it never holds a body.
 */
public record ApiCall(
        String service,
        String operation,
        String action,
        List<String> resources,
        Map<String, List<String>> context,
        String impliedBy,
        String request) {

    public ApiCall {
        resources = resources == null || resources.isEmpty() ? List.of("*") : List.copyOf(resources);
        context = context == null ? Map.of() : Map.copyOf(context);
        impliedBy = impliedBy == null ? "" : impliedBy;
    }

    public boolean mapped() {
        return action != null;
    }

    /** {@code lambda:CreateFunction on arn:aws:lambda:...:function:m300n1-snapshot}. */
    public String describe() {
        String what = mapped() ? action : "unmapped " + service + " request " + request;
        String on = resources.equals(List.of("*")) ? "" : " on " + String.join(", ", resources);
        return what + on + (impliedBy.isEmpty() ? "" : " (implied by " + impliedBy + ")");
    }
}
