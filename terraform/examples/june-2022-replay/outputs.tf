output "metabase_url" {
  description = "Metabase URL."
  value       = module.gh_activity.metabase_url
}

output "stream_start_job_run" {
  description = "JSON for aws emr-serverless start-job-run --cli-input-json."
  value       = module.gh_activity.stream_start_job_run
}

output "ecr_repository_urls" {
  description = "Where to push the gh-activity image."
  value       = module.gh_activity.ecr_repository_urls
}

output "artifacts_bucket" {
  description = "Bucket for the streaming job jar (emr/)."
  value       = module.gh_activity.artifacts_bucket
}

output "lake_root" {
  description = "Lake root."
  value       = module.gh_activity.lake_root
}
