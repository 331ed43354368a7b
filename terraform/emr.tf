# EMR Serverless application for the streaming job (Spark Structured Streaming, Kafka -> S3 lake). The job run itself
# is started with `aws emr-serverless start-job-run` (output stream_start_job_run, docs/cloud.md) in STREAMING mode,
# which EMR restarts on failure up to its retry policy and the stream_failed rule below beyond it; exactly-once comes
# from the checkpoint under the lake's _checkpoints/.

resource "aws_emrserverless_application" "stream" {
  name          = "${local.name}-stream"
  release_label = var.emr_release_label
  type          = "SPARK"
  architecture  = "X86_64"

  maximum_capacity {
    cpu    = "${var.emr_max_vcpu} vCPU"
    memory = "${var.emr_max_memory_gb} GB"
  }

  auto_start_configuration {
    enabled = true
  }

  auto_stop_configuration {
    enabled              = true
    idle_timeout_minutes = 15
  }

  # The job reaches MSK (private) and S3 (gateway endpoint) from the private subnets.
  network_configuration {
    subnet_ids         = local.private_subnet_ids
    security_group_ids = [aws_security_group.this["stream"].id]
  }

  dynamic "initial_capacity" {
    for_each = var.emr_prewarm ? { Driver = 1, Executor = var.emr_executor_count } : {}
    content {
      initial_capacity_type = initial_capacity.key
      initial_capacity_config {
        worker_count = initial_capacity.value
        worker_configuration {
          cpu    = "4 vCPU"
          memory = "16 GB"
        }
      }
    }
  }

  tags = local.tags
}

locals {
  stream_placeholders = {
    "{bootstrap}" = local.msk_bootstrap
    "{lake}"      = local.lake_root
  }
  stream_job_jar = "s3://${aws_s3_bucket.artifacts.bucket}/emr/streaming-job.jar"
  stream_libs    = "s3://${aws_s3_bucket.artifacts.bucket}/emr/lib/"

  # Spark settings: the same session settings as local runs (UTC, TIMESTAMP_MICROS, zstd), executors sized for the
  # June 2022 replay (docs/scale.md), and the job's dependencies (kafka source, MSK IAM auth) from the artifacts bucket.
  stream_spark_submit = join(" ", [
    "--class ${var.stream_main_class}",
    "--jars ${local.stream_libs}*",
    "--conf spark.executor.instances=${var.stream_executor_count}",
    "--conf spark.dynamicAllocation.enabled=false",
    "--conf spark.executor.cores=4",
    "--conf spark.executor.memory=12g",
    "--conf spark.driver.cores=2",
    "--conf spark.driver.memory=8g",
    "--conf spark.sql.session.timeZone=UTC",
    "--conf spark.sql.shuffle.partitions=${var.events_partitions}",
    "--conf spark.sql.parquet.outputTimestampType=TIMESTAMP_MICROS",
    "--conf spark.sql.parquet.compression.codec=zstd",
  ])

  stream_start_job_run = {
    applicationId    = aws_emrserverless_application.stream.id
    executionRoleArn = aws_iam_role.this["stream"].arn
    name             = "${local.name}-stream"
    mode             = "STREAMING"
    retryPolicy      = { maxFailedAttemptsPerHour = 5 }
    jobDriver = {
      sparkSubmit = {
        entryPoint            = local.stream_job_jar
        entryPointArguments   = [for a in var.stream_arguments : lookup(local.stream_placeholders, a, a)]
        sparkSubmitParameters = local.stream_spark_submit
      }
    }
    configurationOverrides = {
      monitoringConfiguration = {
        cloudWatchLoggingConfiguration = {
          enabled      = true
          logGroupName = aws_cloudwatch_log_group.this["stream"].name
        }
      }
    }
    tags = local.tags
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Restart beyond the retry policy. In STREAMING mode EMR restarts a failed run itself, at most
# retryPolicy.maxFailedAttemptsPerHour times an hour; past that the run ends FAILED and nothing starts it again. Then
# EventBridge runs a one-shot AWS CLI task that submits the same job run (the checkpoint makes the restart exact) and
# tells the alarm topic. A job that keeps failing is thus retried at most about 5 times an hour, each time announced,
# instead of stopping silently; a cancelled run (CANCELLED) is not restarted.
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "stream_restart" {
  family                   = "${local.name}-stream-restart"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.this["ecs_execution"].arn
  task_role_arn            = aws_iam_role.this["restarter"].arn

  container_definitions = jsonencode([{
    name      = "restart"
    image     = var.aws_cli_image
    essential = true
    command   = ["emr-serverless", "start-job-run", "--region", local.region, "--cli-input-json", jsonencode(local.stream_start_job_run)]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this["stream"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "restart"
      }
    }
  }])

  tags = local.tags
}

resource "aws_cloudwatch_event_rule" "stream_failed" {
  name        = "${local.name}-stream-failed"
  description = "the streaming job run failed beyond its retry policy: start it again"
  event_pattern = jsonencode({
    source        = ["aws.emr-serverless"]
    "detail-type" = ["EMR Serverless Job Run State Change"]
    detail        = { applicationId = [aws_emrserverless_application.stream.id], state = ["FAILED"] }
  })

  tags = local.tags
}

resource "aws_cloudwatch_event_target" "stream_restart" {
  rule     = aws_cloudwatch_event_rule.stream_failed.name
  arn      = aws_ecs_cluster.this.arn
  role_arn = aws_iam_role.this["events"].arn

  ecs_target {
    task_definition_arn = aws_ecs_task_definition.stream_restart.arn
    launch_type         = "FARGATE"
    network_configuration {
      subnets          = local.private_subnet_ids
      security_groups  = [aws_security_group.this["stream"].id]
      assign_public_ip = false
    }
  }
}

resource "aws_cloudwatch_event_target" "stream_failed_notice" {
  rule = aws_cloudwatch_event_rule.stream_failed.name
  arn  = local.alarm_topic_arn
}
