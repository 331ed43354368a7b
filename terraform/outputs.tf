output "vpc_id" {
  description = "VPC the pipeline runs in."
  value       = local.vpc_id
}

output "private_subnet_ids" {
  description = "Private subnets of MSK, ECS tasks, EMR Serverless, RDS, Redshift and MWAA."
  value       = local.private_subnet_ids
}

output "msk_cluster_arn" {
  description = "ARN of the MSK cluster."
  value       = local.msk.arn
}

output "msk_bootstrap_brokers_sasl_iam" {
  description = "Bootstrap servers for IAM auth over TLS (port 9098): the --bootstrap of replay and stream (with --msk-iam)."
  value       = local.msk.bootstrap_brokers_sasl_iam
}

output "kafka_topics" {
  description = "Topic name => partitions, as the producer creates them (docs/scale.md)."
  value       = local.topic_partitions
}

output "lake_bucket" {
  description = "S3 bucket of the lake."
  value       = aws_s3_bucket.lake.bucket
}

output "lake_root" {
  description = "Lake root for --lake / GH_ACTIVITY_LAKE (s3a://bucket/prefix)."
  value       = local.lake_root
}

output "artifacts_bucket" {
  description = "S3 bucket of the streaming job jar (emr/) and MWAA's dags/, requirements.txt and startup.sh."
  value       = aws_s3_bucket.artifacts.bucket
}

output "ecr_repository_urls" {
  description = "ECR repository URLs to push the images to (docs/cloud.md)."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "ecs_cluster_name" {
  description = "ECS cluster of the producer, loader and Metabase tasks."
  value       = aws_ecs_cluster.this.name
}

output "producer_service_name" {
  description = "ECS service running replay --follow."
  value       = aws_ecs_service.producer.name
}

output "loader_task_definition_family" {
  description = "Task definition family MWAA runs per hour (GH_ACTIVITY_ECS_TASK_DEFINITION)."
  value       = aws_ecs_task_definition.loader.family
}

output "emr_application_id" {
  description = "EMR Serverless application of the streaming job."
  value       = aws_emrserverless_application.stream.id
}

output "stream_job_role_arn" {
  description = "Execution role of the streaming job run."
  value       = aws_iam_role.this["stream"].arn
}

output "stream_start_job_run" {
  description = "JSON for `aws emr-serverless start-job-run --cli-input-json` that starts the streaming job (docs/cloud.md)."
  value       = jsonencode(local.stream_start_job_run)
}

output "redshift_workgroup_endpoint" {
  description = "Host name of the Redshift Serverless workgroup."
  value       = local.redshift_endpoint.address
}

output "redshift_workgroup_name" {
  description = "Name of the Redshift Serverless workgroup (redshift-data --workgroup-name)."
  value       = one(aws_redshiftserverless_workgroup.this[*].workgroup_name)
}

output "redshift_jdbc_url" {
  description = "JDBC URL (IAM auth) of the warehouse; GH_ACTIVITY_WAREHOUSE is redshift:<this>."
  value       = local.redshift_jdbc
}

output "redshift_copy_role_arn" {
  description = "IAM role Redshift uses for COPY from the lake (the namespace's default role)."
  value       = aws_iam_role.this["redshift"].arn
}

output "redshift_admin_secret_arn" {
  description = "Secrets Manager secret holding the generated Redshift admin password."
  value       = one(aws_redshiftserverless_namespace.this[*].admin_password_secret_arn)
}

output "mwaa_environment_name" {
  description = "Name of the MWAA environment."
  value       = one(aws_mwaa_environment.this[*].name)
}

output "mwaa_webserver_url" {
  description = "Airflow UI of the MWAA environment."
  value       = one(aws_mwaa_environment.this[*].webserver_url)
}

output "airflow_settings" {
  description = "The GH_ACTIVITY_* settings the MWAA startup script exports for the DAGs."
  value       = local.airflow_settings
}

output "metabase_load_balancer_dns_name" {
  description = "DNS name of Metabase's load balancer: the target of metabase_host_name's CNAME/alias record."
  value       = aws_lb.metabase.dns_name
}

output "metabase_url" {
  description = "URL of Metabase (HTTPS when metabase_certificate_arn is set)."
  value       = "${var.metabase_certificate_arn == null ? "http" : "https"}://${coalesce(var.metabase_host_name, aws_lb.metabase.dns_name)}"
}

output "metabase_redshift_secret_arn" {
  description = "Secret whose value is the Redshift password of metabase_ro (set it, then run terraform/metabase/apply.py)."
  value       = aws_secretsmanager_secret.metabase_redshift.arn
}

output "metabase_service_name" {
  description = "ECS service of Metabase (restart it with --force-new-deployment to re-read its secrets)."
  value       = aws_ecs_service.metabase.name
}

output "loader_s3_staging" {
  description = "The loader's --s3-staging: where it writes the COPY manifests Redshift reads (s3://<lake bucket>/_staging/loader/)."
  value       = local.loader_s3_staging
}

output "alarm_topic_arn" {
  description = "SNS topic of the CloudWatch alarms, the monthly budget and the DAG's failure alerts (subscribe to it)."
  value       = local.alarm_topic_arn
}

output "warehouse_grants_sql" {
  description = "SQL the Redshift admin runs once (docs/cloud.md step 4): the loader's IAM user, metabase_ro, and default privileges so tables the loader creates later stay readable."
  value       = local.warehouse_grants_sql
}

output "metabase_encryption_secret_arn" {
  description = "Secret holding MB_ENCRYPTION_SECRET_KEY: put a random value into it once, before Metabase's first start (docs/cloud.md)."
  value       = aws_secretsmanager_secret.metabase_encryption.arn
}
