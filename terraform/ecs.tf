# ECS on Fargate: the producer runs as a service (replay --follow, one task: hours are delivered in order), the loader
# is a task definition that MWAA runs once per hour (EcsRunTaskOperator), Metabase is a service behind the ALB
# (metabase.tf). All tasks run in private subnets without public IPs.

locals {
  msk_bootstrap = local.msk.bootstrap_brokers_sasl_iam
  # Loader and MWAA connect with IAM: the driver fetches temporary credentials (redshift-serverless:GetCredentials).
  redshift_jdbc = "jdbc:redshift:iam://${local.redshift_endpoint.address}:${local.redshift_endpoint.port}/${var.redshift_database}"
  warehouse     = "redshift:${local.redshift_jdbc}"

  placeholders = {
    "{bootstrap}"       = local.msk_bootstrap
    "{partitions}"      = tostring(var.events_partitions)
    "{retention_bytes}" = tostring(var.events_retention_bytes)
    "{lake}"            = local.lake_root
    "{warehouse}"       = local.warehouse
    # For the loader's Redshift path (--s3-staging, --iam-role): where COPY manifests go, and the COPY role.
    "{s3_staging}"    = local.loader_s3_staging
    "{copy_iam_role}" = aws_iam_role.this["redshift"].arn
  }
  producer_command = [for a in var.producer_command : lookup(local.placeholders, a, a)]
  loader_command   = [for a in var.loader_command : lookup(local.placeholders, a, a)]

  common_environment = [
    { name = "AWS_REGION", value = local.region },
    { name = "GH_ACTIVITY_LAKE", value = local.lake_root },
    { name = "GH_ACTIVITY_WAREHOUSE", value = local.warehouse },
  ]
}

resource "aws_ecs_cluster" "this" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled" # RunningTaskCount for the producer alarm
  }

  tags = local.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Producer: state (which hours are fully delivered) and the download cache live on EFS, so a replaced task resumes
# after the last delivered hour instead of replaying from --from.
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_efs_file_system" "producer_state" {
  creation_token   = "${local.name}-producer-state"
  encrypted        = true
  kms_key_id       = aws_kms_key.data.arn
  performance_mode = "generalPurpose"
  throughput_mode  = "elastic" # download bursts of ~100 MB per hour file

  tags = merge(local.tags, { Name = "${local.name}-producer-state" })
}

# The image runs as uid/gid 10001 (docker/Dockerfile) and a new file system's root is owned by root: the access point
# creates /state owned by 10001 with mode 0750 and maps every client to 10001, so /state/replay and /state/cache can be
# created and no other uid gets in.
resource "aws_efs_access_point" "producer_state" {
  file_system_id = aws_efs_file_system.producer_state.id

  posix_user {
    uid = 10001
    gid = 10001
  }

  root_directory {
    path = "/state"
    creation_info {
      owner_uid   = 10001
      owner_gid   = 10001
      permissions = "0750"
    }
  }

  tags = merge(local.tags, { Name = "${local.name}-producer-state" })
}

resource "aws_efs_mount_target" "producer_state" {
  count = length(local.private_subnet_ids)

  file_system_id  = aws_efs_file_system.producer_state.id
  subnet_id       = local.private_subnet_ids[count.index]
  security_groups = [aws_security_group.efs.id]
}

resource "aws_security_group" "efs" {
  name        = "${local.name}-efs"
  description = "producer state file system: NFS from the producer only"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${local.name}-efs" })
}

resource "aws_vpc_security_group_ingress_rule" "efs_from_producer" {
  security_group_id            = aws_security_group.efs.id
  referenced_security_group_id = aws_security_group.this["producer"].id
  from_port                    = 2049
  to_port                      = 2049
  ip_protocol                  = "tcp"
  description                  = "NFS from the producer"

  tags = local.tags
}

resource "aws_ecs_task_definition" "producer" {
  family                   = "${local.name}-producer"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.producer_cpu
  memory                   = var.producer_memory
  execution_role_arn       = aws_iam_role.this["ecs_execution"].arn
  task_role_arn            = aws_iam_role.this["producer"].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  volume {
    name = "state"
    efs_volume_configuration {
      file_system_id     = aws_efs_file_system.producer_state.id
      transit_encryption = "ENABLED"
      authorization_config {
        access_point_id = aws_efs_access_point.producer_state.id
        iam             = "ENABLED" # the task role's elasticfilesystem:ClientMount/ClientWrite (iam.tf)
      }
    }
  }

  container_definitions = jsonencode([{
    name      = "producer"
    image     = local.image_uri["app"]
    essential = true
    command   = local.producer_command
    # No heap override: the launcher's 512 MB heap is all the replay needs. The rest of the task's memory holds the
    # two hours libdeflate decodes outside the heap (~0.8 GB each at most in 2022; docs/producer.md, Gunzip).
    environment = local.common_environment
    mountPoints = [{ sourceVolume = "state", containerPath = "/state", readOnly = false }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this["producer"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "producer"
      }
    }
    # SIGTERM lets the producer flush and record the last delivered hour before the task stops.
    stopTimeout = 120
  }])

  tags = local.tags
}

resource "aws_ecs_service" "producer" {
  name            = "${local.name}-producer"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.producer.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  # Exactly one producer at a time: never start the new task before the old one stopped.
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.this["producer"].id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  tags = local.tags

  depends_on = [aws_efs_mount_target.producer_state]
}

# ---------------------------------------------------------------------------------------------------------------------
# Loader: container "loader" (the name the DAG's GH_ACTIVITY_ECS_CONTAINER expects), run per hour by MWAA.
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "loader" {
  family                   = "${local.name}-loader"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.loader_cpu
  memory                   = var.loader_memory
  execution_role_arn       = aws_iam_role.this["ecs_execution"].arn
  task_role_arn            = aws_iam_role.this["loader"].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([{
    name      = "loader"
    image     = local.image_uri["app"]
    essential = true
    command   = local.loader_command
    environment = concat(local.common_environment, [
      { name = "GH_ACTIVITY_JAVA_OPTS", value = "-Xmx${floor(var.loader_memory * 0.7)}m" },
    ])
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this["loader"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "loader"
      }
    }
  }])

  tags = local.tags
}
