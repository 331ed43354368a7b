# Metabase on ECS Fargate behind an ALB, its application database on RDS PostgreSQL (password generated and rotated
# by RDS in Secrets Manager). Dashboards are code: terraform/metabase/ (apply.py + dashboard.json), applied through
# Metabase's REST API after start-up (docs/cloud.md).

resource "aws_db_subnet_group" "metabase" {
  name       = "${local.name}-metabase"
  subnet_ids = local.private_subnet_ids

  tags = local.tags
}

resource "aws_db_instance" "metabase" {
  identifier     = "${local.name}-metabase"
  engine         = "postgres"
  engine_version = var.metabase_db_engine_version
  instance_class = var.metabase_db_instance_class

  allocated_storage     = 20
  max_allocated_storage = 100
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.data.arn

  db_name                     = "metabase"
  username                    = "metabase"
  manage_master_user_password = true # RDS keeps the password in Secrets Manager; no secret in terraform state
  # RDS rotates that password every 7 days. Metabase reads it once, at task start (ECS secrets): the rotation rule
  # below restarts the service when a rotation succeeded, so new connections use the new password.
  iam_database_authentication_enabled = true
  auto_minor_version_upgrade          = true
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]

  db_subnet_group_name   = aws_db_subnet_group.metabase.name
  vpc_security_group_ids = [aws_security_group.this["rds"].id]
  publicly_accessible    = false

  backup_retention_period   = 7
  deletion_protection       = !var.force_destroy_buckets
  skip_final_snapshot       = var.force_destroy_buckets
  final_snapshot_identifier = "${local.name}-metabase-final"
  copy_tags_to_snapshot     = true

  tags = local.tags
}

locals {
  metabase_db_secret_arn = aws_db_instance.metabase.master_user_secret[0].secret_arn
}

# Password of the read-only Redshift user Metabase queries as (created by docs/cloud.md's SQL). Its value is set
# outside terraform (aws secretsmanager put-secret-value) so it never lands in the state.
resource "aws_secretsmanager_secret" "metabase_redshift" {
  name                    = "${local.name}/metabase/redshift"
  description             = "password of the Redshift user metabase_ro, read by terraform/metabase/apply.py"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = var.force_destroy_buckets ? 0 : 7

  tags = local.tags
}

# MB_ENCRYPTION_SECRET_KEY: Metabase encrypts the warehouse credentials it stores in its database with it. Like the
# Redshift password above, its value is put into the secret outside terraform (docs/cloud.md step 4: a random key),
# so it never lands in the plan or state; ECS retries the Metabase task until the secret has a value. (An ephemeral
# aws_secretsmanager_random_password with a write-only secret version would do it in terraform, but terraform 1.11's
# mock providers reject ephemeral resources, so the offline tests could not run the module.) Never change the key
# after the first start: Metabase could no longer read its stored connections.
resource "aws_secretsmanager_secret" "metabase_encryption" {
  name                    = "${local.name}/metabase/encryption-key"
  description             = "MB_ENCRYPTION_SECRET_KEY of Metabase (encrypts stored database credentials)"
  kms_key_id              = aws_kms_key.data.arn
  recovery_window_in_days = var.force_destroy_buckets ? 0 : 7

  tags = local.tags
}

resource "aws_lb" "metabase" {
  name                       = "${local.name}-metabase"
  load_balancer_type         = "application"
  internal                   = false
  subnets                    = local.public_subnet_ids
  security_groups            = [aws_security_group.this["alb"].id]
  drop_invalid_header_fields = true
  enable_deletion_protection = !var.force_destroy_buckets

  tags = local.tags

  lifecycle {
    # The admin password and the warehouse credentials are typed into Metabase: never over plain HTTP by default.
    precondition {
      condition     = var.metabase_certificate_arn != null || var.metabase_allow_plain_http
      error_message = "Metabase needs HTTPS: set metabase_certificate_arn to an ACM certificate (or metabase_allow_plain_http = true for a throw-away test)."
    }
  }
}

resource "aws_lb_target_group" "metabase" {
  name        = "${local.name}-metabase"
  port        = 3000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = local.vpc_id

  health_check {
    path                = "/api/health"
    matcher             = "200"
    interval            = 30
    healthy_threshold   = 2
    unhealthy_threshold = 5
  }

  tags = local.tags
}

resource "aws_lb_listener" "metabase_http" {
  load_balancer_arn = aws_lb.metabase.arn
  port              = 80
  protocol          = "HTTP"

  # With a certificate, plain HTTP only redirects; without one (dev), it serves Metabase directly.
  default_action {
    type             = var.metabase_certificate_arn == null ? "forward" : "redirect"
    target_group_arn = var.metabase_certificate_arn == null ? aws_lb_target_group.metabase.arn : null

    dynamic "redirect" {
      for_each = var.metabase_certificate_arn == null ? [] : [1]
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }

  tags = local.tags
}

resource "aws_lb_listener" "metabase_https" {
  count = var.metabase_certificate_arn == null ? 0 : 1

  load_balancer_arn = aws_lb.metabase.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.metabase_certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.metabase.arn
  }

  tags = local.tags
}

resource "aws_ecs_task_definition" "metabase" {
  family                   = "${local.name}-metabase"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.metabase_cpu
  memory                   = var.metabase_memory
  execution_role_arn       = aws_iam_role.this["ecs_execution"].arn
  task_role_arn            = aws_iam_role.this["metabase"].arn

  container_definitions = jsonencode([{
    name         = "metabase"
    image        = var.metabase_image
    essential    = true
    portMappings = [{ containerPort = 3000, protocol = "tcp" }]
    environment = [
      { name = "MB_DB_TYPE", value = "postgres" },
      # RDS PostgreSQL 15+ enforces TLS (rds.force_ssl); credentials come separately.
      { name = "MB_DB_CONNECTION_URI", value = "postgres://${aws_db_instance.metabase.address}:${aws_db_instance.metabase.port}/metabase?sslmode=require" },
      { name = "MB_DB_USER", value = "metabase" },
      { name = "JAVA_OPTS", value = "-Xmx${floor(var.metabase_memory * 0.7)}m" },
      { name = "MB_ANON_TRACKING_ENABLED", value = "false" },
      { name = "MB_CHECK_FOR_UPDATES", value = "false" },
    ]
    secrets = [
      { name = "MB_DB_PASS", valueFrom = "${local.metabase_db_secret_arn}:password::" },
      { name = "MB_ENCRYPTION_SECRET_KEY", valueFrom = aws_secretsmanager_secret.metabase_encryption.arn },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this["metabase"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "metabase"
      }
    }
  }])

  tags = local.tags
}

resource "aws_ecs_service" "metabase" {
  name            = "${local.name}-metabase"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.metabase.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  # Metabase migrates its database on first start: give it time before health checks count.
  health_check_grace_period_seconds = 600

  network_configuration {
    subnets          = local.private_subnet_ids
    security_groups  = [aws_security_group.this["metabase"].id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.metabase.arn
    container_name   = "metabase"
    container_port   = 3000
  }

  tags = local.tags

  depends_on = [aws_lb_listener.metabase_http]
}

# ---------------------------------------------------------------------------------------------------------------------
# Password rotation. RDS rotates the application database's password (its managed secret) every 7 days; Metabase reads
# MB_DB_PASS only when its task starts. When a rotation of that secret succeeds, EventBridge runs a one-shot task that
# forces a new deployment of the Metabase service (the new task reads the new password), and tells the alarm topic.
# ---------------------------------------------------------------------------------------------------------------------

resource "aws_ecs_task_definition" "metabase_restart" {
  family                   = "${local.name}-metabase-restart"
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
    command   = ["ecs", "update-service", "--cluster", aws_ecs_cluster.this.name, "--service", aws_ecs_service.metabase.name, "--force-new-deployment", "--region", local.region]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this["metabase"].name
        awslogs-region        = local.region
        awslogs-stream-prefix = "restart"
      }
    }
  }])

  tags = local.tags
}

resource "aws_cloudwatch_event_rule" "metabase_db_rotated" {
  name        = "${local.name}-metabase-db-rotated"
  description = "a rotation of the Metabase application database password succeeded: restart Metabase"
  event_pattern = jsonencode({
    source        = ["aws.secretsmanager"]
    "detail-type" = ["AWS Service Event via CloudTrail"]
    detail = {
      eventName           = ["RotationSucceeded"]
      additionalEventData = { SecretId = [local.metabase_db_secret_arn] }
    }
  })

  tags = local.tags
}

resource "aws_cloudwatch_event_target" "metabase_restart" {
  rule     = aws_cloudwatch_event_rule.metabase_db_rotated.name
  arn      = aws_ecs_cluster.this.arn
  role_arn = aws_iam_role.this["events"].arn

  ecs_target {
    task_definition_arn = aws_ecs_task_definition.metabase_restart.arn
    launch_type         = "FARGATE"
    network_configuration {
      subnets          = local.private_subnet_ids
      security_groups  = [aws_security_group.this["metabase"].id]
      assign_public_ip = false
    }
  }
}

resource "aws_cloudwatch_event_target" "metabase_rotated_notice" {
  rule = aws_cloudwatch_event_rule.metabase_db_rotated.name
  arn  = local.alarm_topic_arn
}
