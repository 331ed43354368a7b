# Renders every policy of the module with distinct, realistic ARNs so tests/test_iam.py can check them against
# iam/required-actions.yaml and lint them with parliament (it reads this run's state via `terraform test -json -verbose`).

mock_provider "aws" {
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"] }
  }
  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_region" {
    defaults = { name = "eu-west-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_msk_cluster" {
    defaults = {
      arn                        = "arn:aws:kafka:eu-west-1:123456789012:cluster/gh-activity-iam/abc-1"
      cluster_uuid               = "abc-1"
      bootstrap_brokers_sasl_iam = "b-1.msk:9098,b-2.msk:9098,b-3.msk:9098"
    }
  }
  mock_resource "aws_redshiftserverless_workgroup" {
    defaults = {
      arn      = "arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/0000-wg"
      endpoint = [{ address = "wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com", port = 5439, vpc_endpoint = [] }]
    }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      address            = "metabase.rds.local"
      port               = 5432
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-abc", kms_key_id = "", secret_status = "active" }]
    }
  }
  mock_resource "aws_ecr_repository" {
    defaults = { repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gh-activity-iam/gh-activity" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/0000-data" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/gh-activity-iam" }
  }
  mock_resource "aws_secretsmanager_secret" {
    defaults = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:mock" }
  }
  mock_resource "aws_lb_target_group" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mock/1" }
  }
  mock_resource "aws_lb" {
    defaults = { arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mock/1", dns_name = "metabase.elb.local" }
  }
  mock_resource "aws_msk_configuration" {
    defaults = { arn = "arn:aws:kafka:eu-west-1:123456789012:configuration/mock/1", latest_revision = 1 }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/mock:1" }
  }
  mock_resource "aws_sns_topic" {
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:gh-activity-iam-alarms" }
  }
  mock_resource "aws_efs_file_system" {
    defaults = { arn = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-1" }
  }
  mock_resource "aws_efs_access_point" {
    defaults = { arn = "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-1" }
  }
}

override_resource {
  target = aws_s3_bucket.lake
  values = { arn = "arn:aws:s3:::gh-activity-iam-lake-123456789012", bucket = "gh-activity-iam-lake-123456789012" }
}

override_resource {
  target = aws_s3_bucket.artifacts
  values = { arn = "arn:aws:s3:::gh-activity-iam-artifacts-123456789012", bucket = "gh-activity-iam-artifacts-123456789012" }
}

override_resource {
  target = aws_cloudwatch_log_group.this["stream"]
  values = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/emr-serverless/gh-activity-iam" }
}

override_resource {
  target = aws_cloudwatch_log_group.this["loader"]
  values = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/gh-activity-iam/loader" }
}

override_resource {
  target = aws_cloudwatch_log_group.this["vpc_flow"]
  values = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/gh-activity-iam/flow-logs" }
}

override_resource {
  target = aws_iam_role.this["loader"]
  values = { arn = "arn:aws:iam::123456789012:role/gh-activity-iam-loader" }
}

override_resource {
  target = aws_iam_role.this["ecs_execution"]
  values = { arn = "arn:aws:iam::123456789012:role/gh-activity-iam-ecs-execution" }
}

override_resource {
  target = aws_iam_role.this["restarter"]
  values = { arn = "arn:aws:iam::123456789012:role/gh-activity-iam-metabase-restart" }
}

override_resource {
  target = aws_iam_role.this["stream"]
  values = { arn = "arn:aws:iam::123456789012:role/gh-activity-iam-stream" }
}

override_resource {
  target = aws_emrserverless_application.stream
  values = { arn = "arn:aws:emr-serverless:eu-west-1:123456789012:/applications/00app", id = "00app" }
}

override_resource {
  target = aws_secretsmanager_secret.metabase_encryption
  values = { arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gh-activity-iam/metabase/encryption-key-AbCdEf" }
}

variables {
  environment               = "iam"
  metabase_allow_plain_http = true
  airflow_dags_dir          = "tests/fixtures/dags"
  airflow_requirements_file = "tests/fixtures/requirements.txt"
}

run "render_policies" {
  command = apply

  assert {
    condition     = length(aws_iam_role_policy.this) == 9
    error_message = "every role but Metabase's task role has one inline policy"
  }
}
