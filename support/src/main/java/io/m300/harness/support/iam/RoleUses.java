package io.m300.harness.support.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.m300.harness.support.stack.StackInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * IAM-01: whether a role is the stack's own and dedicated to one use, read from the state, whatever
 * the role and the resources are called. A use is any managed resource's attribute that holds the
 * role's ARN (or its name, in an attribute about a role): a function, task definition, instance
 * profile, flow log or event target that runs as it. Attaching policies to the role is not a use
 * of it, nor is the role's own resource, nor a policy text that mentions it (a JSON document is one
 * string, never equal to the ARN).
 */
public final class RoleUses {

    /** Resource types that attach policies to a role: they give it permissions, nobody runs as them. */
    private static final Set<String> ATTACHMENTS = Set.of(
            "aws_iam_role_policy",
            "aws_iam_role_policy_attachment",
            "aws_iam_policy_attachment",
            "aws_iam_role_policies_exclusive",
            "aws_iam_role_policy_attachments_exclusive");

    /** One use: the resource's address and the attribute (a path into nested blocks) that holds the role. */
    public record Use(String address, String attribute) {
        @Override
        public String toString() {
            return address + "." + attribute;
        }
    }

    private RoleUses() {}

    /** The managed {@code aws_iam_role} of the state that is this role (by ARN, else by name); empty if the stack did not create it. */
    public static Optional<StackInventory.Resource> managedRole(StackInventory state, String roleArn, String roleName) {
        return state.managed("aws_iam_role").stream()
                .filter(r -> roleArn.equals(r.arn().orElse(null))
                        || roleName.equals(r.attr("name").orElse(r.id())))
                .findFirst();
    }

    /** Every use of the role in the managed resources of the state. */
    public static List<Use> of(StackInventory state, String roleArn, String roleName) {
        List<Use> uses = new ArrayList<>();
        for (StackInventory.Resource r : state.all()) {
            if (!r.managed() || ATTACHMENTS.contains(r.type()) || r.type().equals("aws_iam_role")) {
                continue;
            }
            collect(r.attributes(), "", roleArn, roleName, r.address(), uses);
        }
        return uses;
    }

    /** An attribute whose own name is about a role ({@code role}, {@code roles[0]}, {@code task_role_arn}, ...). */
    private static boolean aboutARole(String path) {
        return path.replaceAll("\\[\\d+]", "").toLowerCase(Locale.ROOT).matches(".*role[a-z_]*$");
    }

    private static void collect(JsonNode node, String path, String arn, String name, String address, List<Use> uses) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields()
                    .forEachRemaining(e -> collect(
                            e.getValue(),
                            path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                            arn,
                            name,
                            address,
                            uses));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", arn, name, address, uses);
            }
        } else if (node.isTextual()) {
            String v = node.asText();
            if (v.equals(arn) || (v.equals(name) && aboutARole(path))) {
                uses.add(new Use(address, path));
            }
        }
    }
}
