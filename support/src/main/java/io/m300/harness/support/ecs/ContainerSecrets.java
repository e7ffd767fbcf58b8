package io.m300.harness.support.ecs;

import io.m300.harness.support.aws.Arns;
import io.m300.harness.support.secrets.SecretScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SEC-02/SEC-04: how a container receives the database password. It must come from {@code secrets}
 * (a {@code valueFrom} naming a Parameter Store parameter that holds it), and no {@code environment}
 * entry may have a password-like name or hold the password's value (in any form
 * {@link SecretScanner} knows).
 */
public final class ContainerSecrets {

    private ContainerSecrets() {}

    /** Whether {@code valueFrom} names the parameter: its ARN exactly, or (as ECS also accepts in the same region) its name. */
    public static boolean namesParameter(String valueFrom, String parameterArn, String parameterName) {
        if (valueFrom == null) {
            return false;
        }
        if (Arns.isArn(valueFrom)) {
            return valueFrom.equals(parameterArn);
        }
        return strip(valueFrom).equals(strip(parameterName));
    }

    /**
     * Whether an environment name says it holds a password or another secret, in any casing and
     * spelling: its words (split at non-alphanumerics and camelCase) contain password, passwd,
     * passphrase, secret, token, credential, api key or private key, or a word is, or ends in,
     * pass/pwd/pw ({@code DB_PASS}, {@code DBPASS}, {@code MYSQL_PWD}, {@code DB_PW});
     * bypass, compass and the like are not passwords.
     */
    public static boolean isPasswordLike(String name) {
        if (name == null) {
            return false;
        }
        String joined = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (joined.matches(".*(password|passwd|passphrase|secret|token|credential|apikey|privatekey).*")) {
            return true;
        }
        for (String word : name.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .toLowerCase(Locale.ROOT)
                .split("[^a-z0-9]+")) {
            if (word.equals("pw") || word.endsWith("pwd") || (word.endsWith("pass") && !NOT_PASSWORDS.contains(word))) {
                return true;
            }
        }
        return false;
    }

    private static final Set<String> NOT_PASSWORDS =
            Set.of("bypass", "compass", "encompass", "surpass", "trespass", "overpass", "underpass");

    /** SEC-04: environment entries with a password-like name or holding the password (null: names only). Never holds the password. */
    public static List<String> environmentProblems(String container, Map<String, String> environment, String password) {
        List<String> problems = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (isPasswordLike(name)) {
                problems.add(container + ": environment entry " + name + " has a password-like name");
            }
            if (password != null
                    && !password.isEmpty()
                    && SecretScanner.scanText(value, container + " environment " + name, password).stream()
                            .anyMatch(f -> f.kind().equals(SecretScanner.VALUE))) {
                problems.add(container + ": environment entry " + name + " holds the password's value");
            }
        });
        return problems;
    }

    /**
     * The SSM parameter names a secret's {@code valueFrom} may mean: for a parameter ARN, the name
     * with and without a leading slash (the ARN drops it); a plain name as given; empty for
     * anything that is not Parameter Store (a Secrets Manager ARN).
     */
    public static List<String> ssmParameterNames(String valueFrom) {
        if (valueFrom == null || valueFrom.isBlank()) {
            return List.of();
        }
        if (valueFrom.startsWith("arn:")) {
            return Arns.parse(valueFrom)
                    .filter(a ->
                            a.service().equals("ssm") && a.resourceAsString().startsWith("parameter/"))
                    .map(a -> a.resourceAsString().substring("parameter/".length()))
                    .map(rest -> List.of("/" + rest, rest))
                    .orElse(List.of());
        }
        return List.of(valueFrom);
    }

    private static String strip(String name) {
        return name == null ? "" : name.startsWith("/") ? name.substring(1) : name;
    }
}
