# Shared names, tags and lookups. Every resource is named from local.name and tagged with local.tags.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name = "${var.name}-${var.environment}"

  tags = merge(var.tags, {
    Project     = var.name
    Environment = var.environment
    ManagedBy   = "terraform"
    Repository  = "gh-activity"
  })

  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  # The producer creates the topics it needs (producer TopicSetup: events with --partitions, DLQ with a quarter of
  # them, control with 1, max.message.bytes = Topics.MAX_RECORD_BATCH_BYTES, retention.ms = -1 and retention.bytes =
  # var.events_retention_bytes). Sizing: docs/scale.md.
  topic_partitions = {
    (var.topic_names.events)  = var.events_partitions
    (var.topic_names.dlq)     = max(1, floor(var.events_partitions / 4))
    (var.topic_names.control) = 1
  }

  # S3 lake prefixes, from io.ghactivity.contracts.LakeLayout.
  lake_prefix = trim(var.lake_prefix, "/")
  lake_root   = local.lake_prefix == "" ? "s3a://${aws_s3_bucket.lake.bucket}" : "s3a://${aws_s3_bucket.lake.bucket}/${local.lake_prefix}"
  lake_key    = local.lake_prefix == "" ? "" : "${local.lake_prefix}/"

  image_uri = {
    for k, repo in aws_ecr_repository.this : k => "${repo.repository_url}:${var.image_tag}"
  }
}
