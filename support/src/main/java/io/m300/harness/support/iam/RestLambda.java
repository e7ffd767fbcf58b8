package io.m300.harness.support.iam;

import static io.m300.harness.support.iam.ApiCallTables.TABLES;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.iam.ApiCallTables.LambdaRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/** Lambda's REST-JSON protocol: the operation and the function from the method and path (routes of {@code api-calls.yaml}). */
final class RestLambda {

    private RestLambda() {}

    /** The Lambda operation of a request, or null. */
    static String operation(RecordedRequest r) {
        return route(r).map(LambdaRoute::operation).orElse(null);
    }

    /** The function's ARN, unqualified (from the path, or the body of a create). */
    static List<String> resources(RecordedRequest r, String operation, ArnOf arn) {
        List<String> out = new ArrayList<>();
        route(r).ifPresent(route -> {
            Matcher m = route.path().matcher(r.path());
            if (m.matches() && m.groupCount() >= 1) {
                String fn = RequestParts.decode(m.group(1));
                out.add(Arns.isArn(fn) ? unqualified(fn) : arn.of("function:" + fn));
            }
        });
        String created = RequestParts.text(RequestParts.json(r), "FunctionName");
        if (operation.equals("CreateFunction") && created != null) {
            out.add(arn.of("function:" + created));
        }
        return out;
    }

    private static Optional<LambdaRoute> route(RecordedRequest r) {
        return TABLES.lambda().stream()
                .filter(route -> route.method().equals(r.method())
                        && route.path().matcher(r.path()).matches())
                .findFirst();
    }

    private static String unqualified(String functionArn) {
        return Arns.unqualifiedFunction(functionArn);
    }

    /** The ARN of a resource of the call's service, region and account. */
    @FunctionalInterface
    interface ArnOf {
        String of(String resource);
    }
}
