package io.m300.harness.support.aws.types;

/**
 * A kind of AWS resource as the run-resource walker ({@code TaggedResources}) lists it and the
 * sweeper deletes it: a service and the type name that service's listing gives (for EC2 the
 * {@code DescribeTags} resource type, e.g. {@code ec2 vpc}). Several Terraform types may share a
 * kind ({@code aws_lb} and {@code aws_alb}).
 */
public record Kind(String service, String name) {

    @Override
    public String toString() {
        return service + " " + name;
    }
}
