# Offline plan/apply of the whole module against a mocked AWS provider (no account, no network): it proves the
# module evaluates end to end (every reference, for_each, count and precondition) and pins the decisions that matter.
# Run: terraform init -backend=false -plugin-dir=<provider mirror> && terraform test   (see tests/check_terraform.sh)

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
      arn                        = "arn:aws:kafka:eu-west-1:123456789012:cluster/gh-activity-test/abc-1"
      cluster_uuid               = "abc-1"
      bootstrap_brokers_sasl_iam = "b-1.msk:9098,b-2.msk:9098,b-3.msk:9098"
    }
  }
  mock_resource "aws_redshiftserverless_workgroup" {
    defaults = {
      arn      = "arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/wg"
      endpoint = [{ address = "wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com", port = 5439, vpc_endpoint = [] }]
    }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      address            = "metabase.rds.local"
      port               = 5432
      master_user_secret = [{ secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-abc", kms_key_id = "", secret_status = "active" }]
    }
  }
  mock_resource "aws_ecr_repository" {
    defaults = { repository_url = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gh-activity-test/gh-activity" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-west-1:123456789012:key/k" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::mock-bucket" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:eu-west-1:123456789012:log-group:mock" }
  }
  mock_resource "aws_iam_role" {
    defaults = { arn = "arn:aws:iam::123456789012:role/mock" }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = { arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/mock" }
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
    defaults = { arn = "arn:aws:sns:eu-west-1:123456789012:gh-activity-test-alarms" }
  }
  mock_resource "aws_efs_file_system" {
    defaults = { arn = "arn:aws:elasticfilesystem:eu-west-1:123456789012:file-system/fs-1" }
  }
  mock_resource "aws_efs_access_point" {
    defaults = { arn = "arn:aws:elasticfilesystem:eu-west-1:123456789012:access-point/fsap-1" }
  }
  mock_resource "aws_iam_role_policy" {
    defaults = { id = "mock:policy" }
  }
}

variables {
  metabase_allow_plain_http = true # the runs below without a certificate; metabase_refuses_plain_http checks the default
  environment               = "test"
  airflow_dags_dir          = "tests/fixtures/dags"
  airflow_requirements_file = "tests/fixtures/requirements.txt"
}

run "default_layout" {
  command = apply

  assert {
    condition     = output.kafka_topics == { "gharchive.events" = 48, "gharchive.events.dlq" = 12, "gharchive.control" = 1 }
    error_message = "topic partitions must follow docs/scale.md and the producer's TopicSetup"
  }
  assert {
    condition     = aws_msk_cluster.this[0].client_authentication[0].sasl[0].iam && !aws_msk_cluster.this[0].client_authentication[0].unauthenticated
    error_message = "MSK must accept IAM authentication only"
  }
  assert {
    condition     = aws_msk_cluster.this[0].encryption_info[0].encryption_in_transit[0].client_broker == "TLS"
    error_message = "MSK clients must use TLS"
  }
  assert {
    condition     = strcontains(aws_msk_configuration.this[0].server_properties, "auto.create.topics.enable=false") && strcontains(aws_msk_configuration.this[0].server_properties, "message.max.bytes=6291456")
    error_message = "MSK must not auto-create topics and must accept 5 MiB events"
  }
  assert {
    condition     = output.lake_root == "s3a://gh-activity-test-lake-123456789012/lake"
    error_message = "lake root must be s3a://<lake bucket>/<prefix>"
  }
  assert {
    condition     = { for r in aws_s3_bucket_lifecycle_configuration.lake.rule : r.id => r.filter[0].prefix if r.id != "all-noncurrent-and-multipart" } == { "checkpoints-noncurrent" = "lake/_checkpoints/", "loader-staging-expire" = "_staging/loader/" }
    error_message = "lifecycle rules must cover _checkpoints/ under the lake prefix, and the loader's staged COPY manifests"
  }
  assert {
    condition     = one([for r in aws_s3_bucket_server_side_encryption_configuration.this["lake"].rule : r.apply_server_side_encryption_by_default[0].sse_algorithm]) == "aws:kms"
    error_message = "the lake must be encrypted with the project KMS key"
  }
  assert {
    condition     = alltrue([for k, v in aws_s3_bucket_public_access_block.this : v.block_public_acls && v.restrict_public_buckets])
    error_message = "buckets must block public access"
  }
  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.producer.container_definitions)[0].command, "b-1.msk:9098,b-2.msk:9098,b-3.msk:9098")
    error_message = "the producer command must get the MSK IAM bootstrap servers substituted for {bootstrap}"
  }
  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.producer.container_definitions)[0].command, "--msk-iam")
    error_message = "the producer must authenticate with MSK IAM"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.loader.container_definitions)[0].name == "loader"
    error_message = "the loader container must be named as the DAG's GH_ACTIVITY_ECS_CONTAINER default"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.loader.container_definitions)[0].command == ["load", "--lake", "s3a://gh-activity-test-lake-123456789012/lake", "--warehouse", "redshift:jdbc:redshift:iam://wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439/ghactivity", "--pending", "--iam-role", aws_iam_role.this["redshift"].arn, "--s3-staging", "s3://gh-activity-test-lake-123456789012/_staging/loader/"]
    error_message = "the loader's default command is the pending sweep with the COPY flags Redshift needs (--iam-role, --s3-staging)"
  }
  assert {
    condition     = strcontains(aws_s3_object.airflow_startup.content, "export GH_ACTIVITY_COPY_STAGING='s3://gh-activity-test-lake-123456789012/_staging/loader/'") && strcontains(aws_s3_object.airflow_startup.content, "export GH_ACTIVITY_REDSHIFT_IAM_ROLE='${aws_iam_role.this["redshift"].arn}'")
    error_message = "the MWAA startup script must give the DAGs the COPY role and staging prefix"
  }
  assert {
    condition     = strcontains(aws_s3_object.airflow_startup.content, "export GH_ACTIVITY_LOADER_RUNNER='ecs'") && strcontains(aws_s3_object.airflow_startup.content, "export GH_ACTIVITY_WAREHOUSE='redshift:jdbc:redshift:iam://wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439/ghactivity'")
    error_message = "the MWAA startup script must export the DAG settings"
  }
  assert {
    condition     = contains(keys(aws_s3_object.airflow_files), "dags/hourly_dag.py")
    error_message = "DAG files must be uploaded under dags/"
  }
  assert {
    condition     = !aws_ecs_service.producer.network_configuration[0].assign_public_ip && !aws_ecs_service.metabase.network_configuration[0].assign_public_ip
    error_message = "tasks run in private subnets without public IPs"
  }
  assert {
    condition     = aws_ecs_service.producer.deployment_maximum_percent == 100
    error_message = "never two producers at once"
  }
  assert {
    condition     = jsondecode(output.stream_start_job_run).mode == "STREAMING" && jsondecode(output.stream_start_job_run).jobDriver.sparkSubmit.entryPointArguments == ["--lake", "s3a://gh-activity-test-lake-123456789012/lake", "--bootstrap", "b-1.msk:9098,b-2.msk:9098,b-3.msk:9098", "--msk-iam"]
    error_message = "the streaming job run must be a STREAMING job with the lake and bootstrap substituted"
  }
  assert {
    condition     = !aws_redshiftserverless_workgroup.this[0].publicly_accessible && aws_redshiftserverless_workgroup.this[0].base_capacity == 8
    error_message = "Redshift Serverless must be private with 8 base RPUs"
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.alb_http) == 0
    error_message = "Metabase is closed to the world unless metabase_allowed_cidrs is set"
  }
  assert {
    condition     = length(aws_cloudwatch_metric_alarm.msk_disk) == 3 && length(aws_cloudwatch_metric_alarm.msk_cpu) == 3
    error_message = "one disk and one CPU alarm per broker"
  }
  assert {
    condition     = aws_lb_listener.metabase_http.default_action[0].type == "forward" && length(aws_lb_listener.metabase_https) == 0
    error_message = "without a certificate, the ALB serves plain HTTP (only with metabase_allow_plain_http)"
  }
  assert {
    condition     = aws_emrserverless_application.stream.release_label == "emr-spark-8.0.0"
    error_message = "EMR Serverless needs a full release label (emr-spark-8.0.0 = Spark 4.0.2)"
  }
  assert {
    condition     = aws_efs_access_point.producer_state.posix_user[0].uid == 10001 && aws_efs_access_point.producer_state.root_directory[0].creation_info[0].owner_uid == 10001 && aws_efs_access_point.producer_state.root_directory[0].path == "/state"
    error_message = "the producer (uid 10001) mounts /state through an access point it owns"
  }
  assert {
    condition     = one(one(aws_ecs_task_definition.producer.volume).efs_volume_configuration).authorization_config[0].access_point_id == aws_efs_access_point.producer_state.id
    error_message = "the producer's state volume must mount through the access point"
  }
  assert {
    condition     = contains(keys(aws_s3_object.airflow_files), "dags/.airflowignore")
    error_message = ".airflowignore must be uploaded with the DAGs (else dags/include/ is parsed as DAGs)"
  }
  assert {
    condition = alltrue(concat(
      [for a in values(aws_cloudwatch_metric_alarm.msk_disk) : length(a.alarm_actions) == 1],
      [for a in values(aws_cloudwatch_metric_alarm.msk_cpu) : length(a.alarm_actions) == 1],
      [for a in [aws_cloudwatch_metric_alarm.dlq_rate, aws_cloudwatch_metric_alarm.producer_down, aws_cloudwatch_metric_alarm.stream_down] : length(a.alarm_actions) == 1],
    ))
    error_message = "every alarm notifies the alarm topic"
  }
  assert {
    condition     = alltrue([for n in aws_budgets_budget.monthly[0].notification : contains(n.subscriber_sns_topic_arns, "arn:aws:sns:eu-west-1:123456789012:gh-activity-test-alarms")])
    error_message = "the budget notifies the alarm topic"
  }
  assert {
    condition     = strcontains(aws_s3_object.airflow_startup.content, "export GH_ACTIVITY_ALERT_SNS_TOPIC='arn:aws:sns:eu-west-1:123456789012:gh-activity-test-alarms'")
    error_message = "the DAG's failure alerts go to the alarm topic"
  }
  assert {
    condition     = contains([for s in jsondecode(aws_ecs_task_definition.metabase.container_definitions)[0].secrets : s.name], "MB_ENCRYPTION_SECRET_KEY")
    error_message = "Metabase gets its encryption key from Secrets Manager"
  }
  assert {
    condition     = strcontains(output.warehouse_grants_sql, "ALTER DEFAULT PRIVILEGES FOR USER \"IAMR:gh-activity-test-loader\" IN SCHEMA public GRANT SELECT ON TABLES TO metabase_ro;")
    error_message = "default privileges must cover the tables the loader's IAM user creates"
  }
  assert {
    condition     = output.loader_s3_staging == "s3://gh-activity-test-lake-123456789012/_staging/loader/"
    error_message = "the loader stages COPY manifests under s3://<lake bucket>/_staging/loader/"
  }
  assert {
    condition     = jsondecode(aws_cloudwatch_event_rule.metabase_db_rotated.event_pattern).detail.additionalEventData.SecretId == ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-abc"]
    error_message = "Metabase restarts after a rotation of its own database secret"
  }
  assert {
    condition     = jsondecode(aws_ecs_task_definition.stream_restart.container_definitions)[0].command == ["emr-serverless", "start-job-run", "--region", "eu-west-1", "--cli-input-json", output.stream_start_job_run] && jsondecode(aws_cloudwatch_event_rule.stream_failed.event_pattern).detail.state == ["FAILED"]
    error_message = "a stream run that failed beyond its retry policy is submitted again, with the same job run JSON"
  }
}

run "existing_vpc_and_https" {
  command = apply

  variables {
    create_vpc               = false
    vpc_id                   = "vpc-0123"
    private_subnet_ids       = ["subnet-a", "subnet-b", "subnet-c"]
    public_subnet_ids        = ["subnet-pa", "subnet-pb"]
    metabase_allowed_cidrs   = ["203.0.113.0/24"]
    metabase_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/x"
    metabase_host_name       = "metabase.example.com"
  }

  assert {
    condition     = length(aws_vpc.this) == 0 && length(aws_nat_gateway.this) == 0
    error_message = "no network is created for an existing VPC"
  }
  assert {
    condition     = aws_msk_cluster.this[0].broker_node_group_info[0].client_subnets == toset(["subnet-a", "subnet-b", "subnet-c"])
    error_message = "MSK uses the given private subnets"
  }
  assert {
    condition     = aws_mwaa_environment.this[0].network_configuration[0].subnet_ids == toset(["subnet-a", "subnet-b"])
    error_message = "MWAA takes the first two private subnets"
  }
  assert {
    condition     = aws_lb_listener.metabase_http.default_action[0].type == "redirect" && length(aws_lb_listener.metabase_https) == 1
    error_message = "with a certificate, HTTP redirects to HTTPS"
  }
  assert {
    condition     = aws_vpc_security_group_ingress_rule.alb_http["203.0.113.0/24"].from_port == 443
    error_message = "the allowed CIDRs reach the HTTPS port"
  }
  assert {
    condition     = output.metabase_url == "https://metabase.example.com"
    error_message = "with a certificate, Metabase's URL is https:// on the host name the certificate covers"
  }
}

run "metabase_refuses_plain_http" {
  command = plan

  variables {
    metabase_allow_plain_http = false
  }

  expect_failures = [aws_lb.metabase]
}

run "emr_release_label_must_be_complete" {
  command = plan

  variables {
    emr_release_label = "emr-spark-8.0"
  }

  expect_failures = [var.emr_release_label]
}

run "broker_count_must_match_zones" {
  command = plan

  variables {
    msk_broker_count = 4
  }

  expect_failures = [aws_msk_cluster.this[0]]
}

run "invalid_environment_name" {
  command = plan

  variables {
    environment = "Prod_1"
  }

  expect_failures = [var.environment]
}
