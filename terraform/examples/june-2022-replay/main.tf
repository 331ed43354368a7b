# Replays June 2022 (720 hour files, 96,338,569 events) from GH Archive through MSK, EMR Serverless, S3 and
# Redshift Serverless, loaded hour by hour by MWAA and shown in Metabase. Sizing: docs/scale.md.
#
#   terraform init && terraform apply -var 'metabase_allowed_cidrs=["203.0.113.0/24"]' \
#     -var metabase_certificate_arn=arn:aws:acm:...   -var 'alarm_emails=["you@example.com"]'
#
# then follow docs/cloud.md (push the image, start the streaming job, apply the Metabase dashboard).

provider "aws" {
  region = var.region
}

module "gh_activity" {
  source = "../.."

  name        = "gh-activity"
  environment = "june22"
  tags        = { CostCenter = "rnd-analytics" }

  # A bounded replay: the producer stops after 2022-06-30T23 instead of following new hours.
  producer_command = [
    "replay", "--source", "gharchive", "--from", "2022-06-01T00", "--to", "2022-06-30T23",
    "--bootstrap", "{bootstrap}", "--msk-iam", "--partitions", "{partitions}", "--retention-bytes", "{retention_bytes}",
    "--state-dir", "/state/replay", "--cache-dir", "/state/cache", "--delete-downloads",
  ]
  image_tag = var.image_tag

  # docs/scale.md: 48 partitions on 3 x kafka.m7g.large, 4 executors x 4 vCPU, 8 base RPUs.
  events_partitions        = 48
  msk_broker_instance_type = "kafka.m7g.large"
  msk_broker_count         = 3
  msk_broker_volume_gb     = 500
  events_retention_bytes   = 5368709120 # 5 GiB per partition: 61 replicas per broker x 5 GiB fits 500 GiB
  stream_executor_count    = 4
  redshift_base_capacity   = 8

  metabase_allowed_cidrs    = var.metabase_allowed_cidrs
  metabase_certificate_arn  = var.metabase_certificate_arn
  metabase_host_name        = var.metabase_host_name
  metabase_allow_plain_http = var.metabase_allow_plain_http

  alarm_emails       = var.alarm_emails
  monthly_budget_usd = var.monthly_budget_usd

  # A throw-away environment: destroy removes buckets and the Metabase database with their contents.
  force_destroy_buckets = true
}
