# IAM roles, least privilege. Each runnable has its own role; MSK access is per topic and per consumer group
# (kafka-cluster:* actions on cluster/topic/group ARNs), S3 access per lake prefix (io.ghactivity.contracts.LakeLayout).

locals {
  msk_cluster_arn = local.msk.arn
  # topic/<cluster name>/<cluster uuid>/<topic>, group/<cluster name>/<cluster uuid>/<group>
  msk_resource_prefix = "arn:${local.partition}:kafka:${local.region}:${local.account_id}"
  msk_topic_arn       = { for k, t in var.topic_names : k => "${local.msk_resource_prefix}:topic/${local.msk.cluster_name}/${local.msk.cluster_uuid}/${t}" }
  msk_group_arn_base  = "${local.msk_resource_prefix}:group/${local.msk.cluster_name}/${local.msk.cluster_uuid}"

  lake_arn = aws_s3_bucket.lake.arn
  # Prefixes of the lake (LakeLayout): what each role may read or write.
  lake_prefixes = {
    events      = "${local.lake_key}events/"
    manifests   = "${local.lake_key}_manifests/"
    checkpoints = "${local.lake_key}_checkpoints/"
    rejects     = "${local.lake_key}rejects/"
    late        = "${local.lake_key}late/"
    metrics     = "${local.lake_key}_metrics/"
  }

  service_principals = {
    ecs_tasks = ["ecs-tasks.amazonaws.com"]
    emr       = ["emr-serverless.amazonaws.com"]
    redshift  = ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"]
    mwaa      = ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]
  }

  roles = {
    ecs_execution = { service = "ecs_tasks", description = "ECS: pull images from ECR, write logs, read task secrets" }
    producer      = { service = "ecs_tasks", description = "producer: create and write gharchive.events, .dlq and .control" }
    loader        = { service = "ecs_tasks", description = "loader: read manifests and events, connect to Redshift" }
    metabase      = { service = "ecs_tasks", description = "Metabase task (no AWS API access needed)" }
    stream        = { service = "emr", description = "streaming job: read topics, write the lake" }
    redshift      = { service = "redshift", description = "Redshift COPY from the lake's events/ prefix" }
    mwaa          = { service = "mwaa", description = "MWAA execution role: run the loader task per hour" }
  }
}

data "aws_iam_policy_document" "assume" {
  for_each = local.service_principals

  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = each.value
    }
    # Confused-deputy guard: only this account's services may assume the roles. Redshift's COPY role is left out
    # because Redshift does not document aws:SourceAccount on AssumeRole.
    dynamic "condition" {
      for_each = each.key == "redshift" ? [] : [local.account_id]
      content {
        test     = "StringEquals"
        variable = "aws:SourceAccount"
        values   = [condition.value]
      }
    }
  }
}

resource "aws_iam_role" "this" {
  for_each = local.roles

  name               = "${local.name}-${replace(each.key, "_", "-")}"
  description        = each.value.description
  assume_role_policy = data.aws_iam_policy_document.assume[each.value.service].json

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "ecs_execution" {
  role       = aws_iam_role.this["ecs_execution"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# ---------------------------------------------------------------------------------------------------------------------
# Policy documents
# ---------------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_execution" {
  statement {
    sid       = "ReadTaskSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [local.metabase_db_secret_arn]
  }
}

data "aws_iam_policy_document" "producer" {
  statement {
    sid       = "MskConnect"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"]
    resources = [local.msk_cluster_arn]
  }
  statement {
    # The producer creates its three topics when missing (TopicSetup), so it may create exactly those.
    sid       = "MskWriteTopics"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:CreateTopic", "kafka-cluster:WriteData"]
    resources = values(local.msk_topic_arn)
  }
}

data "aws_iam_policy_document" "stream" {
  statement {
    sid       = "MskConnect"
    actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
    resources = [local.msk_cluster_arn]
  }
  statement {
    sid       = "MskReadTopics"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
    resources = [local.msk_topic_arn.events, local.msk_topic_arn.control]
  }
  statement {
    # Spark's Kafka source names its consumer groups spark-kafka-source-<uuid>; offsets live in the checkpoint.
    sid       = "MskConsumerGroups"
    actions   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
    resources = ["${local.msk_group_arn_base}/spark-kafka-source-*", "${local.msk_group_arn_base}/${var.name}-*"]
  }
  statement {
    sid       = "LakeList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.lake_arn]
  }
  statement {
    sid     = "LakeWrite"
    actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
    resources = [
      for p in ["events", "manifests", "checkpoints", "rejects", "late", "metrics"] : "${local.lake_arn}/${local.lake_prefixes[p]}*"
    ]
  }
  statement {
    sid       = "JobJar"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.artifacts.arn}/emr/*"]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
    resources = [aws_kms_key.data.arn]
  }
  statement {
    sid       = "JobLogs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups"]
    resources = ["${aws_cloudwatch_log_group.this["stream"].arn}:*"]
  }
}

data "aws_iam_policy_document" "loader" {
  statement {
    sid       = "LakeList"
    actions   = ["s3:ListBucket"]
    resources = [local.lake_arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["${local.lake_prefixes.events}*", "${local.lake_prefixes.manifests}*"]
    }
  }
  statement {
    sid       = "LakeRead"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/${local.lake_prefixes.events}*", "${local.lake_arn}/${local.lake_prefixes.manifests}*"]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:DescribeKey"]
    resources = [aws_kms_key.data.arn]
  }
  dynamic "statement" {
    # JDBC with IAM: temporary database credentials for this workgroup only (none without the workgroup).
    for_each = aws_redshiftserverless_workgroup.this[*].arn
    content {
      sid       = "RedshiftCredentials"
      actions   = ["redshift-serverless:GetCredentials", "redshift-serverless:GetWorkgroup"]
      resources = [statement.value]
    }
  }
}

data "aws_iam_policy_document" "redshift" {
  statement {
    sid       = "CopyList"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.lake_arn]
  }
  statement {
    sid       = "CopyRead"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake_arn}/${local.lake_prefixes.events}*", "${local.lake_arn}/${local.lake_prefixes.manifests}*"]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:DescribeKey"]
    resources = [aws_kms_key.data.arn]
  }
}

# MWAA's documented execution-role permissions, scoped to this environment, plus running the loader task.
data "aws_iam_policy_document" "mwaa" {
  statement {
    sid       = "PublishMetrics"
    actions   = ["airflow:PublishMetrics"]
    resources = ["arn:${local.partition}:airflow:${local.region}:${local.account_id}:environment/${local.name}"]
  }
  statement {
    sid       = "DagsBucket"
    actions   = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"]
    resources = [aws_s3_bucket.artifacts.arn, "${aws_s3_bucket.artifacts.arn}/*"]
  }
  statement {
    sid       = "AccountPublicAccessBlock"
    actions   = ["s3:GetAccountPublicAccessBlock"]
    resources = ["*"]
  }
  statement {
    sid = "AirflowLogs"
    actions = [
      "logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents", "logs:GetLogEvents",
      "logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults",
    ]
    resources = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:airflow-${local.name}-*"]
  }
  statement {
    sid       = "DescribeLogGroups"
    actions   = ["logs:DescribeLogGroups", "cloudwatch:PutMetricData"]
    resources = ["*"]
  }
  statement {
    sid = "CeleryQueue"
    actions = [
      "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage",
    ]
    resources = ["arn:${local.partition}:sqs:${local.region}:*:airflow-celery-*"]
  }
  statement {
    sid           = "CeleryQueueKey"
    actions       = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"]
    not_resources = ["arn:${local.partition}:kms:*:${local.account_id}:key/*"]
    condition {
      test     = "StringLike"
      variable = "kms:ViaService"
      values   = ["sqs.${local.region}.amazonaws.com"]
    }
  }
  statement {
    sid       = "RunLoaderTask"
    actions   = ["ecs:RunTask"]
    resources = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${aws_ecs_task_definition.loader.family}:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.this.arn]
    }
  }
  statement {
    sid       = "WatchLoaderTask"
    actions   = ["ecs:DescribeTasks", "ecs:StopTask"]
    resources = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:task/${aws_ecs_cluster.this.name}/*"]
  }
  statement {
    sid       = "DescribeTaskDefinition"
    actions   = ["ecs:DescribeTaskDefinition"]
    resources = ["*"] # this action supports no resource-level permissions
  }
  statement {
    sid       = "PassLoaderRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.this["loader"].arn, aws_iam_role.this["ecs_execution"].arn]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["ecs-tasks.amazonaws.com"]
    }
  }
  statement {
    # EcsRunTaskOperator streams the task's log into the Airflow task log.
    sid       = "ReadLoaderLogs"
    actions   = ["logs:GetLogEvents", "logs:FilterLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this["loader"].arn}:*"]
  }
  statement {
    # The DAG's sensor reads completion manifests to decide an hour is ready.
    sid       = "ReadManifests"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = [local.lake_arn, "${local.lake_arn}/${local.lake_prefixes.manifests}*"]
  }
  statement {
    sid       = "LakeKey"
    actions   = ["kms:Decrypt", "kms:DescribeKey"]
    resources = [aws_kms_key.data.arn]
  }
}

locals {
  role_policies = {
    ecs_execution = data.aws_iam_policy_document.ecs_execution.json
    producer      = data.aws_iam_policy_document.producer.json
    stream        = data.aws_iam_policy_document.stream.json
    loader        = data.aws_iam_policy_document.loader.json
    redshift      = data.aws_iam_policy_document.redshift.json
    mwaa          = data.aws_iam_policy_document.mwaa.json
  }
}

resource "aws_iam_role_policy" "this" {
  for_each = local.role_policies

  name   = "${local.name}-${replace(each.key, "_", "-")}"
  role   = aws_iam_role.this[each.key].id
  policy = each.value
}
