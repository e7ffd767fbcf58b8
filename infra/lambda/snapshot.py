"""m300 backup function: takes a manual snapshot of the stack's database.

Invoked daily by an EventBridge rule. Its role may only create and describe snapshots
of this database (and tag them), and write to its own log group.
"""
import os
from datetime import datetime, timezone

import boto3

_rds = None


def _client():
    global _rds
    if _rds is None:
        _rds = boto3.client("rds")
    return _rds


def handler(event, context):
    instance_id = os.environ["DB_INSTANCE_IDENTIFIER"]
    rds = _client()

    instance = rds.describe_db_instances(DBInstanceIdentifier=instance_id)["DBInstances"][0]
    timestamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    snapshot_id = f"{instance_id}-{timestamp}"

    # Explicit tags replace copy_tags_to_snapshot, so carry the instance's own tags
    # (m300:run-id, m300:stack): teardown finds the run's snapshots by them.
    tags = {t["Key"]: t["Value"] for t in instance.get("TagList", []) if not t["Key"].startswith("aws:")}
    tags.update({"m300:created-by": "backup-function", "m300:source-instance": instance_id})

    response = rds.create_db_snapshot(
        DBInstanceIdentifier=instance_id,
        DBSnapshotIdentifier=snapshot_id,
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )
    snapshot = response["DBSnapshot"]
    print(
        f"snapshot {snapshot_id} of {instance_id}: status={snapshot.get('Status')}"
        f" encrypted={snapshot.get('Encrypted')} instance_status={instance.get('DBInstanceStatus')}"
    )
    return {
        "snapshot_id": snapshot_id,
        "status": snapshot.get("Status"),
        "encrypted": snapshot.get("Encrypted"),
        "kms_key_id": snapshot.get("KmsKeyId"),
    }
