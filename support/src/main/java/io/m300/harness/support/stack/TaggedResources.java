package io.m300.harness.support.stack;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.types.Kind;
import io.m300.harness.support.aws.types.Kinds;
import io.m300.harness.support.aws.types.TaggedListings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * THE walker over a run's resources: lists, service by service and page by page, what carries the
 * run tag ({@code m300:run-id}) with a value the caller selects (one run id, every attempt of a
 * workflow run by prefix, or every nightly run for the janitor), for every resource type the stack
 * creates. The teardown check ({@code StateSteps}) and the {@code Sweeper} both use it, so what the
 * check calls a leftover is exactly what the sweeper deletes.
 *
 * <p>Not through the Resource Groups Tagging API: a tag listing alone does not show whether the
 * resource still exists, nor its state, which {@link Leftovers} needs to tell a leftover from what
 * AWS keeps for a while after a deletion.
 *
 * <p>A listing the caller is not allowed to make (HTTP 403, {@code AccessDenied},
 * {@code UnauthorizedOperation}, ...) is not an empty one: it ends that service's listing at once
 * and is reported in {@link Listing#denied()} (one line per service), and in
 * {@link Listing#errors()}. Service-linked roles ({@code /aws-service-role/}) are never the run's
 * and are not looked at. CloudWatch goes through {@link io.m300.harness.support.aws.CloudWatchQuery}
 * (the Query protocol, which moto speaks too).
 */
public final class TaggedResources {

    /**
     * The kinds this walker lists (for EC2: what {@code DescribeTags} reports; the others each by a
     * listing of their own below). {@code ResourceTypesTest} checks that every tagged kind of the
     * resource-type descriptions is among them.
     */
    public static final Set<Kind> LISTED = Set.of(
            Kinds.VPC,
            Kinds.SUBNET,
            Kinds.SECURITY_GROUP,
            Kinds.SECURITY_GROUP_RULE,
            Kinds.ROUTE_TABLE,
            Kinds.INTERNET_GATEWAY,
            Kinds.ELASTIC_IP,
            Kinds.NAT_GATEWAY,
            Kinds.PREFIX_LIST,
            Kinds.FLOW_LOG,
            Kinds.VPC_ENDPOINT,
            Kinds.NETWORK_INTERFACE,
            Kinds.INSIGHTS_PATH,
            Kinds.INSIGHTS_ANALYSIS,
            Kinds.DB_INSTANCE,
            Kinds.DB_CLUSTER,
            Kinds.DB_SNAPSHOT,
            Kinds.DB_SUBNET_GROUP,
            Kinds.ECS_CLUSTER,
            Kinds.TASK_DEFINITION,
            Kinds.LOAD_BALANCER,
            Kinds.TARGET_GROUP,
            Kinds.FUNCTION,
            Kinds.RULE,
            Kinds.LOG_GROUP,
            Kinds.ALARM,
            Kinds.TOPIC,
            Kinds.QUEUE,
            Kinds.ROLE,
            Kinds.POLICY,
            Kinds.USER,
            Kinds.KEY,
            Kinds.CERTIFICATE,
            Kinds.BUCKET);

    /** One resource that carries the tag. {@code id} is what deletes it (ARN, name or id); {@code created} if known. */
    public record Found(String service, String type, String id, String state, String runId, Optional<Instant> created) {
        public Leftovers.Resource resource() {
            return new Leftovers.Resource(service, type, id, state);
        }

        public boolean is(String service, String type) {
            return this.service.equals(service) && this.type.equals(type);
        }

        public boolean is(Kind kind) {
            return is(kind.service(), kind.name());
        }
    }

    /** What was found, which listings failed (a failed listing is not an empty one), which were denied, and what was searched. */
    public record Listing(
            List<Leftovers.Resource> found,
            List<String> errors,
            List<String> searched,
            List<Found> items,
            List<String> denied) {}

    /** Thrown inside a section to end it: the caller may not make this listing. */
    public static final class Denied extends RuntimeException {
        public Denied(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What a service's listing ({@link TaggedListings}) works with: the clients, the tag and the run
     * ids selected, and where it adds what it found.
     */
    public interface Section {
        AwsClients aws();

        /** The tag's key ({@code m300:run-id}). */
        String key();

        /** Which values of the tag the caller selects. */
        Predicate<String> runIds();

        /** The run id of these tags, if the caller selects it. */
        Optional<String> match(Map<String, String> tags);

        /** The run id the tags carry, if the caller selects it; a denied tag listing ends the section. */
        Optional<String> ours(Supplier<Map<String, String>> tags, String what);

        /** One resource found ({@code id}: what deletes it; {@code created}: null if unknown). */
        void add(String service, String type, String id, String state, String runId, Instant created);
    }

    private final AwsClients aws;
    private final String key;
    private final Predicate<String> runIds;
    private final List<Found> found = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> denied = new ArrayList<>();
    private final List<String> searched = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();

    private TaggedResources(AwsClients aws, String key, Predicate<String> runIds) {
        this.aws = aws;
        this.key = key;
        this.runIds = runIds;
    }

    /** Everything tagged {@code key=value} exactly, each service's listing on {@code executor} (the run's). */
    public static Listing find(AwsClients aws, String key, String value, Executor executor) {
        return walk(aws, key, value::equals, service -> true, executor);
    }

    /** Everything tagged {@code key=value} exactly, service by service on the caller's thread. */
    public static Listing find(AwsClients aws, String key, String value) {
        return walk(aws, key, value::equals);
    }

    /**
     * Everything whose tag {@code key} has a value {@code runIds} accepts (e.g. a prefix: every attempt
     * of a run), service by service on the caller's thread (a caller without a run's executor).
     */
    public static Listing walk(AwsClients aws, String key, Predicate<String> runIds) {
        return walk(aws, key, runIds, service -> true, Runnable::run);
    }

    /** The same, over the services {@code only} accepts (a test that looks at one listing). */
    static Listing walk(AwsClients aws, String key, Predicate<String> runIds, Predicate<String> only) {
        return walk(aws, key, runIds, only, Runnable::run);
    }

    /** Each service's listing on {@code executor} (a listing waits on the network), merged in the listings' order. */
    static Listing walk(
            AwsClients aws, String key, Predicate<String> runIds, Predicate<String> only, Executor executor) {
        Map<String, Consumer<Section>> sections = TaggedListings.byService();
        sections.keySet().removeIf(only.negate());
        List<CompletableFuture<TaggedResources>> parts = sections.entrySet().stream()
                .map(s -> CompletableFuture.supplyAsync(
                        () -> {
                            TaggedResources t = new TaggedResources(aws, key, runIds);
                            t.section(s.getKey(), () -> s.getValue().accept(t.section));
                            return t;
                        },
                        executor))
                .toList();
        List<TaggedResources> walked = parts.stream().map(RunExecutor::joined).toList();
        List<Found> found = walked.stream().flatMap(t -> t.found.stream()).toList();
        return new Listing(
                found.stream().map(Found::resource).toList(),
                walked.stream().flatMap(t -> t.errors.stream()).toList(),
                walked.stream().flatMap(t -> t.searched.stream()).toList(),
                found,
                walked.stream().flatMap(t -> t.denied.stream()).toList());
    }

    /** True for an answer that says the caller may not make the call (not: the call failed). */
    public static boolean isDenied(Throwable e) {
        if (e instanceof AwsServiceException a
                && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null) {
            String code = a.awsErrorDetails().errorCode();
            if (code.contains("AccessDenied")
                    || code.equals("UnauthorizedOperation")
                    || code.equals("AuthorizationError")
                    || code.equals("AuthorizationErrorException")
                    || code.equals("UnauthorizedException")
                    || code.equals("AccessDeniedException")
                    || code.equals("Forbidden")) {
                return true;
            }
        }
        if (e instanceof SdkServiceException s && s.statusCode() == 403) {
            return true;
        }
        // CloudWatchQuery reports failures as HarnessException with the HTTP status in the message
        String m = String.valueOf(e.getMessage());
        return e instanceof HarnessException
                && (m.contains("HTTP 403") || m.contains("AccessDenied") || m.contains("not authorized"));
    }

    /** One line for a failure: the AWS error code and message, never a stack trace. */
    public static String message(Throwable e) {
        if (e instanceof AwsServiceException a
                && a.awsErrorDetails() != null
                && a.awsErrorDetails().errorCode() != null) {
            return a.awsErrorDetails().errorCode() + ": " + a.awsErrorDetails().errorMessage();
        }
        if (e instanceof SdkServiceException s) {
            return "HTTP " + s.statusCode() + " " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** This walker as a listing sees it. */
    private final Section section = new Section() {
        @Override
        public AwsClients aws() {
            return aws;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public Predicate<String> runIds() {
            return runIds;
        }

        @Override
        public Optional<String> match(Map<String, String> tags) {
            return TaggedResources.this.match(tags);
        }

        @Override
        public Optional<String> ours(Supplier<Map<String, String>> tags, String what) {
            return TaggedResources.this.ours(tags, what);
        }

        @Override
        public void add(String service, String type, String id, String state, String runId, Instant created) {
            TaggedResources.this.add(service, type, id, state, runId, created);
        }
    };

    private void section(String service, Runnable listing) {
        searched.add(service);
        try {
            listing.run();
        } catch (Denied e) {
            denied.add(service + ": " + e.getMessage());
            errors.add(service + ": listing denied: " + e.getMessage());
        } catch (RuntimeException e) {
            if (isDenied(e)) {
                denied.add(service + ": " + message(e));
                errors.add(service + ": listing denied: " + message(e));
            } else {
                errors.add(service + ": " + message(e));
            }
        }
    }

    /** The run id the tags carry, if the caller selects it; a denied tag listing ends the section. */
    private Optional<String> ours(Supplier<Map<String, String>> tags, String what) {
        Map<String, String> map;
        try {
            map = tags.get();
        } catch (RuntimeException e) {
            if (isDenied(e)) {
                throw new Denied("tags of " + what + ": " + message(e));
            }
            errors.add("tags of " + what + ": " + message(e));
            return Optional.empty();
        }
        return match(map);
    }

    private Optional<String> match(Map<String, String> tags) {
        String v = tags == null ? null : tags.get(key);
        return v != null && runIds.test(v) ? Optional.of(v) : Optional.empty();
    }

    private void add(String service, String type, String id, String state, String runId, Instant created) {
        if (seen.add(service + " " + type + " " + id)) {
            found.add(new Found(service, type, id, state == null ? "" : state, runId, Optional.ofNullable(created)));
        }
    }
}
