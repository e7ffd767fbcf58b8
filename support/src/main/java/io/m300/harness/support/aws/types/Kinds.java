package io.m300.harness.support.aws.types;

/** The kinds the run-resource walker lists and the sweeper deletes (see {@link Kind}). */
public final class Kinds {

    private Kinds() {}

    // EC2: the resource types DescribeTags reports
    public static final Kind VPC = new Kind("ec2", "vpc");
    public static final Kind SUBNET = new Kind("ec2", "subnet");
    public static final Kind SECURITY_GROUP = new Kind("ec2", "security-group");
    public static final Kind SECURITY_GROUP_RULE = new Kind("ec2", "security-group-rule");
    public static final Kind ROUTE_TABLE = new Kind("ec2", "route-table");
    public static final Kind INTERNET_GATEWAY = new Kind("ec2", "internet-gateway");
    public static final Kind ELASTIC_IP = new Kind("ec2", "elastic-ip");
    public static final Kind NAT_GATEWAY = new Kind("ec2", "natgateway");
    public static final Kind PREFIX_LIST = new Kind("ec2", "prefix-list");
    public static final Kind FLOW_LOG = new Kind("ec2", "vpc-flow-log");
    public static final Kind VPC_ENDPOINT = new Kind("ec2", "vpc-endpoint");
    public static final Kind NETWORK_INTERFACE = new Kind("ec2", "network-interface");
    public static final Kind INSIGHTS_PATH = new Kind("ec2", "network-insights-path");
    public static final Kind INSIGHTS_ANALYSIS = new Kind("ec2", "network-insights-analysis");
    // workloads
    public static final Kind DB_INSTANCE = new Kind("rds", "db-instance");
    public static final Kind DB_CLUSTER = new Kind("rds", "db-cluster");
    public static final Kind DB_SNAPSHOT = new Kind("rds", "db-snapshot");
    public static final Kind DB_SUBNET_GROUP = new Kind("rds", "db-subnet-group");
    public static final Kind ECS_CLUSTER = new Kind("ecs", "cluster");
    public static final Kind TASK_DEFINITION = new Kind("ecs", "task-definition");
    public static final Kind LOAD_BALANCER = new Kind("elbv2", "load-balancer");
    public static final Kind TARGET_GROUP = new Kind("elbv2", "target-group");
    public static final Kind FUNCTION = new Kind("lambda", "function");
    public static final Kind RULE = new Kind("events", "rule");
    // monitoring, messaging
    public static final Kind LOG_GROUP = new Kind("logs", "log-group");
    public static final Kind ALARM = new Kind("cloudwatch", "alarm");
    public static final Kind TOPIC = new Kind("sns", "topic");
    public static final Kind QUEUE = new Kind("sqs", "queue");
    // identity, keys, data
    public static final Kind ROLE = new Kind("iam", "role");
    public static final Kind POLICY = new Kind("iam", "policy");
    public static final Kind USER = new Kind("iam", "user");
    public static final Kind GROUP = new Kind("iam", "group");
    public static final Kind KEY = new Kind("kms", "key");
    public static final Kind CERTIFICATE = new Kind("acm", "certificate");
    public static final Kind BUCKET = new Kind("s3", "bucket");
    public static final Kind PARAMETER = new Kind("ssm", "parameter");
}
