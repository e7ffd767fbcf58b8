"""What is left of the rehearsal's nightly runs in the account (moto), as its administrator.

usage: AWS_ENDPOINT_URL=... AWS_ACCESS_KEY_ID=... leftovers.py <run prefix> <state bucket> <region>...
Prints one line per resource whose name, id or m300:run-id tag carries the prefix:
  KEPT <run> <what>   the state object or the password parameter of a run (the record of a failed night)
  LEFT <region> <what>  anything else
Only listing calls; tags of deleted EC2 resources (which moto keeps) do not count: resources are listed,
not tags.
"""
import os
import sys

import boto3

prefix, bucket, regions = sys.argv[1], sys.argv[2], sys.argv[3:]
endpoint = os.environ["AWS_ENDPOINT_URL"]


def client(service, region):
    return boto3.client(service, region_name=region, endpoint_url=endpoint)


def tagged(tags):
    for t in tags or []:
        k = t.get("Key", t.get("key", t.get("TagKey")))
        v = t.get("Value", t.get("value", t.get("TagValue", "")))
        if k == "m300:run-id" and str(v).startswith(prefix):
            return True
    return False


def left(region, what):
    print(f"LEFT {region} {what}")


def safely(name, fn):
    try:
        fn()
    except Exception as e:  # a service moto lacks: say so, do not hide it
        print(f"NOTE cannot list {name}: {type(e).__name__}")


s3 = client("s3", regions[0])


def state():
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix="m300/"):
        for o in page.get("Versions", []) + page.get("DeleteMarkers", []):
            pass
    for o in s3.list_objects_v2(Bucket=bucket, Prefix="m300/").get("Contents", []):
        run = o["Key"].split("/")[1]
        if run.startswith(prefix):
            print(f"KEPT {run} state s3://<state bucket>/{o['Key']}")
    for b in s3.list_buckets().get("Buckets", []):
        if b["Name"].startswith(prefix):
            left("global", f"s3 bucket {b['Name']}")


safely("s3", state)
iam = client("iam", regions[0])
safely("iam roles", lambda: [left("global", f"iam role {r['RoleName']}") for r in iam.list_roles()["Roles"]
                             if r["RoleName"].startswith(prefix)])
safely("iam policies", lambda: [left("global", f"iam policy {p['PolicyName']}") for p in iam.list_policies(Scope="Local")["Policies"]
                                if p["PolicyName"].startswith(prefix)])

for region in regions:
    ec2 = client("ec2", region)
    for kind, call, key, idk in [("vpc", "describe_vpcs", "Vpcs", "VpcId"), ("subnet", "describe_subnets", "Subnets", "SubnetId"),
                                 ("security group", "describe_security_groups", "SecurityGroups", "GroupId"),
                                 ("internet gateway", "describe_internet_gateways", "InternetGateways", "InternetGatewayId"),
                                 ("route table", "describe_route_tables", "RouteTables", "RouteTableId"),
                                 ("nat gateway", "describe_nat_gateways", "NatGateways", "NatGatewayId"),
                                 ("elastic ip", "describe_addresses", "Addresses", "AllocationId"),
                                 ("vpc endpoint", "describe_vpc_endpoints", "VpcEndpoints", "VpcEndpointId"),
                                 ("flow log", "describe_flow_logs", "FlowLogs", "FlowLogId")]:
        def ec2_list(kind=kind, call=call, key=key, idk=idk):
            for r in getattr(ec2, call)().get(key, []):
                if r.get("State") in ("deleted", "deleting"):
                    continue
                if tagged(r.get("Tags")) or tagged(r.get("TagSet")):
                    left(region, f"{kind} {r.get(idk)}")
        safely(kind, ec2_list)
    rds = client("rds", region)
    safely("rds", lambda: [left(region, f"db instance {d['DBInstanceIdentifier']}") for d in rds.describe_db_instances()["DBInstances"]
                           if d["DBInstanceIdentifier"].startswith(prefix)])
    safely("rds subnet groups", lambda: [left(region, f"db subnet group {d['DBSubnetGroupName']}") for d in rds.describe_db_subnet_groups()["DBSubnetGroups"]
                                         if d["DBSubnetGroupName"].startswith(prefix)])
    elb = client("elbv2", region)
    safely("elbv2", lambda: [left(region, f"load balancer {x['LoadBalancerName']}") for x in elb.describe_load_balancers()["LoadBalancers"]
                             if x["LoadBalancerName"].startswith(prefix)])
    safely("target groups", lambda: [left(region, f"target group {x['TargetGroupName']}") for x in elb.describe_target_groups()["TargetGroups"]
                                     if x["TargetGroupName"].startswith(prefix)])
    ecs = client("ecs", region)
    safely("ecs", lambda: [left(region, f"ecs cluster {c['clusterName']}") for c in ecs.describe_clusters(clusters=ecs.list_clusters()["clusterArns"])["clusters"]
                           if c["clusterName"].startswith(prefix) and c.get("status") == "ACTIVE"] if ecs.list_clusters()["clusterArns"] else None)
    safely("ecs task definitions", lambda: [left(region, f"task definition {a.split('/')[-1]}") for a in ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"]
                                            if a.split("/")[-1].startswith(prefix)])
    lam = client("lambda", region)
    safely("lambda", lambda: [left(region, f"function {f['FunctionName']}") for f in lam.list_functions()["Functions"] if f["FunctionName"].startswith(prefix)])
    logs = client("logs", region)
    safely("logs", lambda: [left(region, f"log group {g['logGroupName']}") for g in logs.describe_log_groups()["logGroups"] if prefix in g["logGroupName"]])
    sns = client("sns", region)
    safely("sns", lambda: [left(region, f"topic {t['TopicArn'].split(':')[-1]}") for t in sns.list_topics()["Topics"] if t["TopicArn"].split(":")[-1].startswith(prefix)])
    sqs = client("sqs", region)
    safely("sqs", lambda: [left(region, f"queue {u.split('/')[-1]}") for u in sqs.list_queues().get("QueueUrls", []) if prefix in u.split("/")[-1]])
    cw = client("cloudwatch", region)
    safely("alarms", lambda: [left(region, f"alarm {a['AlarmName']}") for a in cw.describe_alarms()["MetricAlarms"] if a["AlarmName"].startswith(prefix)])
    ev = client("events", region)
    safely("events", lambda: [left(region, f"rule {r['Name']}") for r in ev.list_rules()["Rules"] if r["Name"].startswith(prefix)])
    kms = client("kms", region)
    safely("kms aliases", lambda: [left(region, f"kms alias {a['AliasName']}") for a in kms.list_aliases()["Aliases"] if prefix in a["AliasName"]])

    def keys():
        for k in kms.list_keys()["Keys"]:
            meta = kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]
            if meta.get("KeyState") in ("PendingDeletion", "PendingReplicaDeletion"):
                continue
            if tagged(kms.list_resource_tags(KeyId=k["KeyId"]).get("Tags")):
                left(region, f"kms key {k['KeyId']}")
    safely("kms keys", keys)
    acm = client("acm", region)

    def certs():
        for c in acm.list_certificates(Includes={"keyTypes": ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]})["CertificateSummaryList"]:
            if tagged(acm.list_tags_for_certificate(CertificateArn=c["CertificateArn"]).get("Tags")):
                left(region, f"certificate {c['CertificateArn'].split('/')[-1]}")
    safely("acm", certs)
    ssm = client("ssm", region)

    def params():
        for page in ssm.get_paginator("describe_parameters").paginate():
            for p in page["Parameters"]:
                name = p["Name"]
                run = name.strip("/").split("/")[0]
                if run.startswith(prefix):
                    if name.endswith("/db/password"):
                        print(f"KEPT {run} password parameter {name} ({region})")
                    else:
                        left(region, f"parameter {name}")
    safely("ssm", params)
    sm = client("secretsmanager", region)
    safely("secrets", lambda: [left(region, f"secret {x['Name']}") for x in sm.list_secrets()["SecretList"] if x["Name"].startswith(prefix) or prefix in x["Name"]])
    ddb = client("dynamodb", region)
    safely("dynamodb", lambda: [left(region, f"table {t}") for t in ddb.list_tables()["TableNames"] if t.startswith(prefix)])
