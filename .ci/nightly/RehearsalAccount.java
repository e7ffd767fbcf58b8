// The sandbox account of the nightly rehearsal (.ci/nightly/rehearse.sh), in a moto_server that
// poses as it: run as a single source file with support's classpath,
//   java -cp <support classes and dependencies> .ci/nightly/RehearsalAccount.java setup <endpoint> <region> <second region> <state bucket> <out dir> <policy file|dir>
// As the account's administrator (moto's default credentials, before enforcement): the state bucket
// (versioned, encrypted, public access blocked), the permissions boundary (m300-nightly-boundary), the
// nightly role's stand-in (IAM user m300-nightly-role with each of the role's managed policies, rendered
// as docs/nightly.md says, in moto's enforceable form: RolePolicies, EnforceablePolicy), and an
// administrator user for the rehearsal's own look-ups; then moto's IAM enforcement is switched on.
// Writes <out dir>/role.env and admin.env (export lines; the keys are moto's, of no worth elsewhere).
//   java -cp ... .ci/nightly/RehearsalAccount.java judge <account file> <region> <second region> <state bucket> <policy file|dir> <reference data dir> <recording> <access key> <tag log>
// With AWS's authorization model (the pinned Service Authorization Reference, h1's RolePolicyCheck):
// every request of the recording signed with <access key> (the role's), per resource type the action
// authorizes and only with the condition keys that apply to that type, the resources' tags taken from
// the recording's own create and tag calls and from <tag log> (the tags moto set on EC2 resources, KMS
// keys and ACM certificates, written by the rehearsal's moto: a create call's response names the new id, and the
// recording holds no responses); and every escalation and
// adoption path of issue 24 (EscalationAttempts). Prints the counts, never the account id.
import io.m300.harness.support.iam.EnforceablePolicy;
import io.m300.harness.support.iam.authz.RolePolicies;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

public class RehearsalAccount {

    public static void main(String[] args) throws Exception {
        if (args.length == 10 && args[0].equals("judge")) {
            judge(args);
            return;
        }
        if (args.length != 7 || !args[0].equals("setup")) {
            System.err.println("usage: RehearsalAccount setup <endpoint> <region> <second region> <state bucket> <out dir> <policy file|dir>");
            System.exit(2);
        }
        URI endpoint = URI.create(args[1]);
        String region = args[2];
        String region2 = args[3];
        String bucket = args[4];
        Path out = Path.of(args[5]);
        var admin = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (S3Client s3 = S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.of(region))
                     .credentialsProvider(admin).build();
             IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.of(region)).credentialsProvider(admin).build();
             var sts = software.amazon.awssdk.services.sts.StsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                     .credentialsProvider(admin).build()) {
            String account = sts.getCallerIdentity().account();
            s3.createBucket(r -> r.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.fromValue(region))));
            s3.putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
            s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)
                    .ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true)));
            s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(
                    rule -> rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));

            Map<String, String> placeholders = new LinkedHashMap<>();
            placeholders.put("STATE_BUCKET", bucket);
            placeholders.put("ACCOUNT_ID", account);
            placeholders.put("REGION_2", region2);
            placeholders.put("REGION", region);
            RolePolicies policies = RolePolicies.read(Path.of(args[6])).substituted(placeholders);
            if (policies.boundary() != null) {
                iam.createPolicy(r -> r.policyName(policies.boundary().name()).policyDocument(policies.boundary().text()));
            }
            iam.createUser(r -> r.userName("m300-nightly-role"));
            List<String> names = new ArrayList<>();
            for (RolePolicies.Named p : policies.policies()) {
                String moto = EnforceablePolicy.forMoto(p.text());
                String arn = iam.createPolicy(r -> r.policyName(p.name()).policyDocument(moto)).policy().arn();
                iam.attachUserPolicy(r -> r.userName("m300-nightly-role").policyArn(arn));
                names.add(p.name() + " (" + p.size() + " chars)");
            }
            var role = iam.createAccessKey(r -> r.userName("m300-nightly-role")).accessKey();
            iam.createUser(r -> r.userName("m300-rehearsal-admin"));
            iam.putUserPolicy(r -> r.userName("m300-rehearsal-admin").policyName("admin").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
            var adm = iam.createAccessKey(r -> r.userName("m300-rehearsal-admin")).accessKey();
            Files.writeString(out.resolve("role.env"), "AWS_ACCESS_KEY_ID=" + role.accessKeyId() + "\nAWS_SECRET_ACCESS_KEY=" + role.secretAccessKey() + "\n");
            Files.writeString(out.resolve("admin.env"), "AWS_ACCESS_KEY_ID=" + adm.accessKeyId() + "\nAWS_SECRET_ACCESS_KEY=" + adm.secretAccessKey() + "\n");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset-auth"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("0")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("moto /moto-api/reset-auth answered HTTP " + r.statusCode());
            }
            System.out.println("[account] state bucket; " + (policies.boundary() == null ? "no boundary" : "boundary " + policies.boundary().name())
                    + "; the role's stand-in holds " + names + "; an administrator user; IAM enforcement on");
        }
    }

    static void judge(String[] args) throws Exception {
        String account = Files.readString(Path.of(args[1])).trim();
        Map<String, String> placeholders = new LinkedHashMap<>();
        placeholders.put("STATE_BUCKET", args[4]);
        placeholders.put("ACCOUNT_ID", account);
        placeholders.put("REGION_2", args[3]);
        placeholders.put("REGION", args[2]);
        RolePolicies real = RolePolicies.read(Path.of(args[5])).substituted(placeholders);
        var model = new io.m300.harness.support.iam.authz.AuthorizationModel(
                io.m300.harness.support.iam.authz.ServiceReference.at(Path.of(args[6])), account);
        var check = io.m300.harness.support.iam.RolePolicyCheck.of("nightly", real.texts(), model);
        String key = args[8];
        List<io.m300.harness.support.iam.ApiCall> calls = new ArrayList<>();
        var decoder = new io.m300.harness.support.iam.ApiCallDecoder(account);
        int requests = 0;
        Path recording = Path.of(args[7]);
        if (Files.exists(recording)) {
            try (var lines = Files.lines(recording)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    for (var r : io.m300.harness.support.iam.RecordedRequest.parseRecording(line)) {
                        List<String> scope = r.credentialScope();
                        if (!r.path().startsWith("/moto-api") && !scope.isEmpty() && scope.get(0).equals(key)) {
                            requests++;
                            calls.addAll(decoder.decode(r));
                        }
                    }
                }
            }
        }
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        Path tagLog = Path.of(args[9]);
        if (Files.exists(tagLog)) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            try (var lines = Files.lines(tagLog)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    var node = json.readTree(line);
                    Map<String, String> set = tags.computeIfAbsent(node.get("subject").asText(), k -> new LinkedHashMap<>());
                    node.get("tags").fields().forEachRemaining(e -> set.put(e.getKey(), e.getValue().asText()));
                }
            }
        }
        var verdicts = check.evaluate(io.m300.harness.support.iam.RolePolicyCheck.withResourceTags(calls, tags));
        var outcome = io.m300.harness.support.iam.RolePolicyCheck.Outcome.class;
        Map<String, java.util.TreeSet<String>> by = new LinkedHashMap<>();
        for (var o : outcome.getEnumConstants()) {
            by.put(o.name(), new java.util.TreeSet<>());
        }
        java.util.Set<String> distinct = new java.util.TreeSet<>();
        for (var v : verdicts) {
            distinct.add(v.call().mapped() ? v.call().action() : "unmapped");
            by.get(v.outcome().name()).add(v.describe().replace(account, "<account>"));
        }
        System.out.println("[judge] the role's recorded requests: " + requests + ", " + verdicts.size() + " calls, " + distinct.size()
                + " distinct actions judged per resource type with AWS's authorization model; denied: " + by.get("DENIED").size()
                + " distinct; allowed only if a condition the recording cannot show holds: " + by.get("ALLOWED_IF_CONDITION").size()
                + " distinct; unmapped: " + by.get("UNMAPPED").size() + " distinct");
        System.out.println("[judge] the tags of " + tags.size() + " EC2 resource(s), KMS key(s) and certificate(s) known from moto's tag log");
        for (String k : List.of("DENIED", "UNMAPPED", "ALLOWED_IF_CONDITION")) {
            by.get(k).stream().limit(60).forEach(l -> System.out.println("[judge]   " + k + ": " + l));
        }
        var escalations = new io.m300.harness.support.iam.authz.EscalationAttempts(account, args[2]).judge(check);
        long denied = escalations.stream().filter(io.m300.harness.support.iam.authz.EscalationAttempts.Result::denied).count();
        System.out.println("[judge] escalation attempts: " + escalations.size() + ", denied: " + denied);
        escalations.stream().filter(r -> !r.denied()).forEach(r -> System.out.println("[judge]   NOT DENIED: "
                + r.describe().replace(account, "<account>")));
        System.out.println("[judge] counts " + distinct.size() + " " + by.get("DENIED").size() + " " + by.get("UNMAPPED").size() + " "
                + escalations.size() + " " + denied + " " + requests + " " + by.get("ALLOWED_IF_CONDITION").size());
    }
}
