# Re-exports of the module outputs docs/cloud.md uses (tests/test_runbook.py checks every `terraform output X` there).
output "metabase_url" {
  description = "Metabase URL (HTTPS)."
  value       = module.gh_activity.metabase_url
}

output "metabase_load_balancer_dns_name" {
  description = "Target of the DNS record for metabase_host_name."
  value       = module.gh_activity.metabase_load_balancer_dns_name
}

output "metabase_service_name" {
  description = "ECS service of Metabase."
  value       = module.gh_activity.metabase_service_name
}

output "metabase_redshift_secret_arn" {
  description = "Secret for the Redshift password of metabase_ro (docs/cloud.md step 4)."
  value       = module.gh_activity.metabase_redshift_secret_arn
}

output "stream_start_job_run" {
  description = "JSON for aws emr-serverless start-job-run --cli-input-json."
  value       = module.gh_activity.stream_start_job_run
}

output "emr_application_id" {
  description = "EMR Serverless application of the streaming job."
  value       = module.gh_activity.emr_application_id
}

output "ecr_repository_urls" {
  description = "Where to push the gh-activity image."
  value       = module.gh_activity.ecr_repository_urls
}

output "artifacts_bucket" {
  description = "Bucket for the streaming job jar (emr/) and MWAA's files."
  value       = module.gh_activity.artifacts_bucket
}

output "lake_root" {
  description = "Lake root."
  value       = module.gh_activity.lake_root
}

output "ecs_cluster_name" {
  description = "ECS cluster of the producer, loader and Metabase."
  value       = module.gh_activity.ecs_cluster_name
}

output "producer_service_name" {
  description = "ECS service of the producer."
  value       = module.gh_activity.producer_service_name
}

output "redshift_workgroup_endpoint" {
  description = "Host name of the Redshift Serverless workgroup."
  value       = module.gh_activity.redshift_workgroup_endpoint
}

output "redshift_admin_secret_arn" {
  description = "Secret with the generated Redshift admin password."
  value       = module.gh_activity.redshift_admin_secret_arn
}

output "redshift_copy_role_arn" {
  description = "IAM role of Redshift's COPY (the namespace's default role)."
  value       = module.gh_activity.redshift_copy_role_arn
}

output "warehouse_grants_sql" {
  description = "SQL the Redshift admin runs once (docs/cloud.md step 4)."
  value       = module.gh_activity.warehouse_grants_sql
}

output "loader_s3_staging" {
  description = "Where the loader stages its COPY manifests."
  value       = module.gh_activity.loader_s3_staging
}

output "mwaa_webserver_url" {
  description = "Airflow UI of the MWAA environment."
  value       = module.gh_activity.mwaa_webserver_url
}

output "mwaa_environment_name" {
  description = "Name of the MWAA environment."
  value       = module.gh_activity.mwaa_environment_name
}

output "alarm_topic_arn" {
  description = "SNS topic of alarms, budget and DAG alerts."
  value       = module.gh_activity.alarm_topic_arn
}

output "metabase_encryption_secret_arn" {
  description = "Secret for Metabase's MB_ENCRYPTION_SECRET_KEY (docs/cloud.md step 4)."
  value       = module.gh_activity.metabase_encryption_secret_arn
}

output "redshift_workgroup_name" {
  description = "Name of the Redshift Serverless workgroup."
  value       = module.gh_activity.redshift_workgroup_name
}
