// The sandbox account of the nightly rehearsal (.ci/nightly/rehearse.sh), in a moto_server that
// poses as it: run as a single source file with support's classpath,
//   java -cp <support classes and dependencies> .ci/nightly/RehearsalAccount.java setup <endpoint> <region> <second region> <state bucket> <out dir> <policy file|dir>
// As the account's administrator (moto's default credentials, before enforcement): the state bucket
// (versioned, encrypted, public access blocked), the permissions boundary (m300-nightly-boundary), the
// nightly role's stand-in (IAM user m300-nightly-role with each of the role's managed policies, rendered
// as docs/nightly.md says, in moto's enforceable form: RolePolicies, EnforceablePolicy), and an
// administrator user for the rehearsal's own look-ups; then moto's IAM enforcement is switched on.
// Writes <out dir>/role.env and admin.env (export lines; the keys are moto's, of no worth elsewhere).
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
}
