// The sandbox account of the nightly rehearsal (.ci/nightly/rehearse.sh), in a moto_server that
// poses as it: run as a single source file with support's classpath,
//   java -cp <support classes and dependencies> .ci/nightly/RehearsalAccount.java setup <endpoint> <region> <state bucket> <out dir> <policy file|dir>...
// As the account's administrator (moto's default credentials, before enforcement): the state bucket
// (versioned, encrypted), the nightly role's stand-in (IAM user m300-nightly-role holding each policy
// file, rendered as docs/nightly.md says and in moto's enforceable form: EnforceablePolicy), and an
// administrator user for the rehearsal's own look-ups; then moto's IAM enforcement is switched on.
// Writes <out dir>/role.env and admin.env (export lines; the keys are moto's, of no worth elsewhere).
import io.m300.harness.support.iam.EnforceablePolicy;
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
        if (args.length < 6 || !args[0].equals("setup")) {
            System.err.println("usage: RehearsalAccount setup <endpoint> <region> <state bucket> <out dir> <policy file|dir>...");
            System.exit(2);
        }
        URI endpoint = URI.create(args[1]);
        String region = args[2];
        String bucket = args[3];
        Path out = Path.of(args[4]);
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
            placeholders.put("REGION", region);
            List<Path> files = new ArrayList<>();
            for (int i = 5; i < args.length; i++) {
                Path p = Path.of(args[i]);
                if (Files.isDirectory(p)) {
                    try (var list = Files.list(p)) {
                        list.filter(f -> f.toString().endsWith(".json")).sorted().forEach(files::add);
                    }
                } else {
                    files.add(p);
                }
            }
            iam.createUser(r -> r.userName("m300-nightly-role"));
            for (Path f : files) {
                String moto = EnforceablePolicy.forMoto(EnforceablePolicy.substitute(Files.readString(f), placeholders));
                String name = f.getFileName().toString().replace(".json", "");
                iam.putUserPolicy(r -> r.userName("m300-nightly-role").policyName(name).policyDocument(moto));
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
            System.out.println("[account] state bucket, role user with " + files.size() + " policy file(s) " + files
                    + ", administrator user; IAM enforcement on");
        }
    }
}
