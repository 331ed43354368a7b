# IAM roles, least privilege. Each runnable has its own role; MSK access is per topic and per consumer group
# (kafka-cluster:* actions on cluster/topic/group ARNs), S3 access per lake prefix (io.ghactivity.contracts.LakeLayout).
#
# Policies are plain jsonencode() values, not aws_iam_policy_document data sources: the rendered JSON is then the same
# in a real plan and in the mocked `terraform test`, so tests/test_iam.py can check every statement against
# iam/required-actions.yaml (the calls our code makes, with their call sites) and lint it with parliament.

locals {
  msk_cluster_arn = local.msk.arn
  # topic/<cluster name>/<cluster uuid>/<topic>, group/<cluster name>/<cluster uuid>/<group>
  msk_resource_prefix = "arn:${local.partition}:kafka:${local.region}:${local.account_id}"
  msk_topic_arn       = { for k, t in var.topic_names : k => "${local.msk_resource_prefix}:topic/${local.msk.cluster_name}/${local.msk.cluster_uuid}/${t}" }
  msk_group_arn_base  = "${local.msk_resource_prefix}:group/${local.msk.cluster_name}/${local.msk.cluster_uuid}"

  lake_arn      = aws_s3_bucket.lake.arn
  artifacts_arn = aws_s3_bucket.artifacts.arn
  # Prefixes of the lake (LakeLayout): what each role may read or write.
  lake_prefixes = {
    events      = "${local.lake_key}events/"
    manifests   = "${local.lake_key}_manifests/"
    checkpoints = "${local.lake_key}_checkpoints/"
    rejects     = "${local.lake_key}rejects/"
    metrics     = "${local.lake_key}_metrics/"
    lease       = "${local.lake_key}_stream/" # the stream's LakeLease: _stream/lease.json
  }
  # The loader's COPY manifests (loader RedshiftStager, --s3-staging): outside the lake prefix, in the lake bucket so
  # the lake's key, TLS policy and the S3 endpoint apply; Redshift's COPY role reads them.
  loader_staging_prefix = "_staging/loader/"
  loader_s3_staging     = "s3://${aws_s3_bucket.lake.bucket}/${local.loader_staging_prefix}"

  ecs_cluster_arn  = aws_ecs_cluster.this.arn
  log_group_arn    = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group"
  data_key_arn     = aws_kms_key.data.arn
  mwaa_environment = "arn:${local.partition}:airflow:${local.region}:${local.account_id}:environment/${local.name}"

  service_principals = {
    ecs_tasks = ["ecs-tasks.amazonaws.com"]
    emr       = ["emr-serverless.amazonaws.com"]
    redshift  = ["redshift.amazonaws.com", "redshift-serverless.amazonaws.com"]
    mwaa      = ["airflow.amazonaws.com", "airflow-env.amazonaws.com"]
    flow_logs = ["vpc-flow-logs.amazonaws.com"]
    events    = ["events.amazonaws.com"]
  }

  roles = {
    ecs_execution = { service = "ecs_tasks", description = "ECS: pull images from ECR, write logs, read task secrets" }
    producer      = { service = "ecs_tasks", description = "producer: create and write gharchive.events, .dlq and .control" }
    loader        = { service = "ecs_tasks", description = "loader: read manifests and events, stage COPY manifests, connect to Redshift" }
    metabase      = { service = "ecs_tasks", description = "Metabase task (no AWS API access needed)" }
    stream        = { service = "emr", description = "streaming job: read topics, write the lake" }
    redshift      = { service = "redshift", description = "Redshift COPY from the lake's events/ and the loader's staging prefix" }
    mwaa          = { service = "mwaa", description = "MWAA execution role: run the loader task per hour" }
    flow_logs     = { service = "flow_logs", description = "VPC flow logs: deliver to CloudWatch Logs" }
    events        = { service = "events", description = "EventBridge: run the restart tasks (Metabase after a password rotation, the failed stream)" }
    restarter     = { service = "ecs_tasks", description = "one-shot AWS CLI tasks: restart Metabase after a DB password rotation, the stream after it failed" }
  }

  # Confused-deputy guard: only this account's services may assume the roles. Redshift's COPY role is left out
  # because Redshift does not document aws:SourceAccount on AssumeRole.
  assume_role_policies = {
    for k, principals in local.service_principals : k => jsonencode({
      Version = "2012-10-17"
      Statement = [merge(
        { Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = principals } },
        k == "redshift" ? {} : { Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } } },
      )]
    })
  }
}

resource "aws_iam_role" "this" {
  for_each = local.roles

  name               = "${local.name}-${replace(each.key, "_", "-")}"
  description        = each.value.description
  assume_role_policy = local.assume_role_policies[each.value.service]

  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "ecs_execution" {
  role       = aws_iam_role.this["ecs_execution"].name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

# ---------------------------------------------------------------------------------------------------------------------
# Policies (one inline policy per role). Every action here is listed, with the code that calls it, in
# iam/required-actions.yaml; tests/test_iam.py fails on a missing action and on a wildcard the table does not justify.
# ---------------------------------------------------------------------------------------------------------------------

locals {
  policy_statements = {
    ecs_execution = [
      {
        Sid      = "ReadTaskSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [local.metabase_db_secret_arn, aws_secretsmanager_secret.metabase_encryption.arn]
      },
      {
        # The Metabase encryption key secret is encrypted with the project key.
        Sid       = "DecryptTaskSecrets"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [local.data_key_arn]
        Condition = { StringEquals = { "kms:ViaService" = "secretsmanager.${local.region}.amazonaws.com" } }
      },
    ]

    producer = [
      {
        Sid      = "MskConnect"
        Effect   = "Allow"
        Action   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"]
        Resource = [local.msk_cluster_arn]
      },
      {
        # The producer creates its three topics when missing and reads the events topic's max.message.bytes (TopicSetup).
        Sid    = "MskWriteTopics"
        Effect = "Allow"
        Action = [
          "kafka-cluster:DescribeTopic", "kafka-cluster:CreateTopic", "kafka-cluster:WriteData",
          "kafka-cluster:DescribeTopicDynamicConfiguration",
        ]
        Resource = values(local.msk_topic_arn)
      },
      {
        # The state volume is mounted with IAM authorization through its access point (ecs.tf).
        Sid       = "StateVolume"
        Effect    = "Allow"
        Action    = ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"]
        Resource  = [aws_efs_file_system.producer_state.arn]
        Condition = { ArnEquals = { "elasticfilesystem:AccessPointArn" = aws_efs_access_point.producer_state.arn } }
      },
    ]

    stream = [
      {
        Sid      = "MskConnect"
        Effect   = "Allow"
        Action   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
        Resource = [local.msk_cluster_arn]
      },
      {
        Sid      = "MskReadTopics"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
        Resource = [local.msk_topic_arn.events, local.msk_topic_arn.control]
      },
      {
        # Spark's Kafka source names its consumer groups spark-kafka-source-<uuid>; offsets live in the checkpoint.
        Sid      = "MskConsumerGroups"
        Effect   = "Allow"
        Action   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
        Resource = ["${local.msk_group_arn_base}/spark-kafka-source-*"]
      },
      {
        Sid      = "LakeList"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:ListBucketMultipartUploads"]
        Resource = [local.lake_arn]
      },
      {
        Sid      = "BucketLocation"
        Effect   = "Allow"
        Action   = ["s3:GetBucketLocation"]
        Resource = [local.lake_arn, local.artifacts_arn]
      },
      {
        Sid    = "LakeWrite"
        Effect = "Allow"
        Action = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        Resource = [
          for p in ["events", "manifests", "checkpoints", "rejects", "metrics", "lease"] : "${local.lake_arn}/${local.lake_prefixes[p]}*"
        ]
      },
      {
        # The S3A client's getFileStatus of a sink directory (Spark's file sink on events/ and rejects/) first asks
        # whether its name is a file: a HEAD of the key without the trailing slash, which S3 authorizes as GetObject
        # and, refused, answers 403, failing the job at its first batch (seen by the command rehearsal's S3 check).
        Sid      = "SinkDirectoryProbes"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = [for p in ["events", "rejects"] : "${local.lake_arn}/${trimsuffix(local.lake_prefixes[p], "/")}"]
      },
      {
        # spark-submit --jars s3://<artifacts>/emr/lib/* lists the prefix before it fetches the jars.
        Sid       = "JobLibsList"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = [local.artifacts_arn]
        Condition = { StringLike = { "s3:prefix" = ["emr/*"] } }
      },
      {
        Sid      = "JobJar"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${local.artifacts_arn}/emr/*"]
      },
      {
        Sid      = "DataKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = [local.data_key_arn]
      },
      {
        Sid      = "JobLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = [aws_cloudwatch_log_group.this["stream"].arn, "${aws_cloudwatch_log_group.this["stream"].arn}:*"]
      },
      {
        # EMR Serverless checks the log group exists before the run starts; DescribeLogGroups has no resource ARN.
        Sid      = "JobLogGroups"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups"]
        Resource = ["*"]
      },
    ]

    loader = [
      {
        Sid       = "LakeList"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = [local.lake_arn]
        Condition = { StringLike = { "s3:prefix" = ["${local.lake_prefixes.events}*", "${local.lake_prefixes.manifests}*"] } }
      },
      {
        Sid      = "LakeRead"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${local.lake_arn}/${local.lake_prefixes.events}*", "${local.lake_arn}/${local.lake_prefixes.manifests}*"]
      },
      {
        # COPY manifests: written before each COPY (RedshiftStager), only ever written; Redshift's COPY role reads them
        # and the lake's lifecycle rule loader-staging-expire (s3.tf) deletes them.
        Sid      = "CopyManifests"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["${local.lake_arn}/${local.loader_staging_prefix}*"]
      },
      {
        # Decrypt to read the lake; GenerateDataKey to write the staged manifests under the bucket's SSE-KMS default.
        Sid      = "DataKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = [local.data_key_arn]
      },
      {
        # JDBC with IAM: temporary database credentials for this workgroup only.
        Sid      = "RedshiftCredentials"
        Effect   = "Allow"
        Action   = ["redshift-serverless:GetCredentials", "redshift-serverless:GetWorkgroup"]
        Resource = [local.redshift_workgroup_arn]
      },
    ]

    redshift = [
      {
        Sid      = "CopyList"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = [local.lake_arn]
      },
      {
        # COPY ... MANIFEST reads the manifest from the loader's staging prefix and the Parquet files it lists.
        Sid      = "CopyRead"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["${local.lake_arn}/${local.lake_prefixes.events}*", "${local.lake_arn}/${local.loader_staging_prefix}*"]
      },
      {
        Sid      = "DataKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:DescribeKey"]
        Resource = [local.data_key_arn]
      },
    ]

    # MWAA's documented execution-role permissions, scoped to this environment, plus running the loader task.
    mwaa = [
      {
        Sid      = "PublishMetrics"
        Effect   = "Allow"
        Action   = ["airflow:PublishMetrics"]
        Resource = [local.mwaa_environment]
      },
      {
        Sid      = "DagsBucket"
        Effect   = "Allow"
        Action   = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"]
        Resource = [local.artifacts_arn, "${local.artifacts_arn}/*"]
      },
      {
        Sid      = "AccountPublicAccessBlock"
        Effect   = "Allow"
        Action   = ["s3:GetAccountPublicAccessBlock"]
        Resource = ["*"]
      },
      {
        Sid    = "AirflowLogs"
        Effect = "Allow"
        Action = [
          "logs:CreateLogStream", "logs:CreateLogGroup", "logs:PutLogEvents", "logs:GetLogEvents",
          "logs:GetLogRecord", "logs:GetLogGroupFields", "logs:GetQueryResults",
        ]
        Resource = ["${local.log_group_arn}:airflow-${local.name}-*"]
      },
      {
        Sid      = "DescribeLogGroups"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups", "cloudwatch:PutMetricData"]
        Resource = ["*"]
      },
      {
        Sid    = "CeleryQueue"
        Effect = "Allow"
        Action = [
          "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:SendMessage",
        ]
        Resource = ["arn:${local.partition}:sqs:${local.region}:*:airflow-celery-*"]
      },
      {
        Sid         = "CeleryQueueKey"
        Effect      = "Allow"
        Action      = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey*", "kms:Encrypt"]
        NotResource = ["arn:${local.partition}:kms:*:${local.account_id}:key/*"]
        Condition   = { StringLike = { "kms:ViaService" = ["sqs.${local.region}.amazonaws.com"] } }
      },
      {
        Sid       = "RunLoaderTask"
        Effect    = "Allow"
        Action    = ["ecs:RunTask"]
        Resource  = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${aws_ecs_task_definition.loader.family}:*"]
        Condition = { ArnEquals = { "ecs:cluster" = local.ecs_cluster_arn } }
      },
      {
        # reattach=True: before starting a task the operator lists the running tasks of the cluster started by it.
        Sid       = "FindLoaderTask"
        Effect    = "Allow"
        Action    = ["ecs:ListTasks"]
        Resource  = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:container-instance/${aws_ecs_cluster.this.name}/*"]
        Condition = { ArnEquals = { "ecs:cluster" = local.ecs_cluster_arn } }
      },
      {
        Sid      = "WatchLoaderTask"
        Effect   = "Allow"
        Action   = ["ecs:DescribeTasks", "ecs:StopTask"]
        Resource = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:task/${aws_ecs_cluster.this.name}/*"]
      },
      {
        Sid      = "DescribeTaskDefinition"
        Effect   = "Allow"
        Action   = ["ecs:DescribeTaskDefinition"]
        Resource = ["*"] # this action supports no resource-level permissions
      },
      {
        Sid       = "PassLoaderRoles"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = [aws_iam_role.this["loader"].arn, aws_iam_role.this["ecs_execution"].arn]
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
      {
        # EcsRunTaskOperator streams the task's log into the Airflow task log.
        Sid      = "ReadLoaderLogs"
        Effect   = "Allow"
        Action   = ["logs:GetLogEvents", "logs:FilterLogEvents"]
        Resource = ["${aws_cloudwatch_log_group.this["loader"].arn}:*"]
      },
      {
        # The DAG's sensor reads completion manifests to decide an hour is ready.
        Sid      = "ReadManifests"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [local.lake_arn, "${local.lake_arn}/${local.lake_prefixes.manifests}*"]
      },
      {
        # Lake and DAG bucket objects (SSE-KMS), and publishing to the alarm topic encrypted with the same key.
        Sid      = "DataKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"]
        Resource = [local.data_key_arn]
      },
      {
        # include/alerts.py publishes a failed hour to GH_ACTIVITY_ALERT_SNS_TOPIC.
        Sid      = "PublishAlerts"
        Effect   = "Allow"
        Action   = ["sns:Publish"]
        Resource = [local.alarm_topic_arn]
      },
    ]

    events = [
      {
        Sid    = "RunRestartTask"
        Effect = "Allow"
        Action = ["ecs:RunTask"]
        Resource = [
          for f in [aws_ecs_task_definition.metabase_restart.family, aws_ecs_task_definition.stream_restart.family] :
          "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${f}:*"
        ]
        Condition = { ArnEquals = { "ecs:cluster" = local.ecs_cluster_arn } }
      },
      {
        Sid       = "PassRestartRoles"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = [aws_iam_role.this["restarter"].arn, aws_iam_role.this["ecs_execution"].arn]
        Condition = { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      },
    ]

    restarter = [
      {
        Sid      = "RestartMetabase"
        Effect   = "Allow"
        Action   = ["ecs:UpdateService"]
        Resource = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:service/${aws_ecs_cluster.this.name}/${aws_ecs_service.metabase.name}"]
      },
      {
        # start-job-run --cli-input-json <stream_start_job_run>: the run carries tags, hence TagResource.
        Sid      = "RestartStream"
        Effect   = "Allow"
        Action   = ["emr-serverless:StartJobRun", "emr-serverless:TagResource"]
        Resource = [aws_emrserverless_application.stream.arn, "${aws_emrserverless_application.stream.arn}/jobruns/*"]
      },
      {
        Sid       = "PassStreamRole"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = [aws_iam_role.this["stream"].arn]
        Condition = { StringEquals = { "iam:PassedToService" = "emr-serverless.amazonaws.com" } }
      },
    ]

    flow_logs = [
      {
        Sid      = "DeliverFlowLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = [aws_cloudwatch_log_group.this["vpc_flow"].arn, "${aws_cloudwatch_log_group.this["vpc_flow"].arn}:*"]
      },
      {
        Sid      = "DescribeLogGroups"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups"]
        Resource = ["*"] # no resource-level permission
      },
    ]
  }

  role_policies = {
    for role, statements in local.policy_statements : role => jsonencode({ Version = "2012-10-17", Statement = statements })
  }
}

resource "aws_iam_role_policy" "this" {
  for_each = local.role_policies

  name   = "${local.name}-${replace(each.key, "_", "-")}"
  role   = aws_iam_role.this[each.key].id
  policy = each.value
}
