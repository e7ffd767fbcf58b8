package io.m300.harness.support.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a Terraform working directory keeps its state and how it locks it, as {@code terraform init}
 * recorded it in {@code <TF_DATA_DIR>/terraform.tfstate} (the backend block merged with every
 * {@code -backend-config}). No such file, or one without a backend, means the default local backend:
 * the state is a {@code terraform.tfstate} in the working directory. Only the fields named here are
 * read; the rest of the backend configuration (it may hold credentials) is never kept.
 */
public record BackendConfig(String type, String bucket, String key, boolean useLockfile, String dynamodbTable) {

    /** The default local backend: no backend block. */
    public static final BackendConfig LOCAL = new BackendConfig("local", "", "", false, "");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code <dataDir>/terraform.tfstate}; {@link #LOCAL} when it is absent or names no backend. */
    public static BackendConfig read(Path dataDir) {
        Path file = dataDir.resolve("terraform.tfstate");
        if (!Files.isRegularFile(file)) {
            return LOCAL;
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            return LOCAL;
        }
    }

    /** Parses the content of {@code .terraform/terraform.tfstate}. */
    public static BackendConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (IOException e) {
            return LOCAL;
        }
        JsonNode backend = root == null ? null : root.get("backend");
        if (backend == null
                || !backend.hasNonNull("type")
                || backend.path("type").asText().isBlank()) {
            return LOCAL;
        }
        JsonNode c = backend.path("config");
        return new BackendConfig(
                backend.path("type").asText(),
                text(c, "bucket"),
                text(c, "key"),
                c.path("use_lockfile").asBoolean(false),
                text(c, "dynamodb_table"));
    }

    private static String text(JsonNode config, String field) {
        JsonNode v = config.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    /** True for any backend but the local one: the state lives outside the working directory. */
    public boolean remote() {
        return !"local".equals(type);
    }

    /**
     * How the backend locks the state, or empty when it does not: an S3 backend locks only with
     * {@code use_lockfile = true} or a {@code dynamodb_table}; the local backend locks the file on one
     * machine only, which refuses no concurrent change from another; other remote backends (gcs,
     * azurerm, consul, pg, ...) lock by themselves, which the behavioural check then proves.
     */
    public Optional<String> locking() {
        return switch (type) {
            case "local" -> Optional.empty();
            case "s3" ->
                useLockfile
                        ? Optional.of("S3 lock file (use_lockfile = true)")
                        : !dynamodbTable.isBlank() ? Optional.of("DynamoDB table " + dynamodbTable) : Optional.empty();
            default -> Optional.of("native locking of the " + type + " backend");
        };
    }

    /** One line for evidence: {@code s3 backend, s3://b/k, lock: S3 lock file}. */
    public String describe() {
        if (!remote()) {
            return "no backend block: the local backend (state in terraform.tfstate of the working directory)";
        }
        return type + " backend" + ("s3".equals(type) ? ", s3://" + bucket + "/" + key : "") + ", locking: "
                + locking().orElse("none (neither use_lockfile = true nor dynamodb_table)");
    }
}
