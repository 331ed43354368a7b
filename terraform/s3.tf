# Two buckets: the lake (Parquet events, manifests, checkpoints, rejects) and the artifacts bucket
# (the streaming job jar for EMR Serverless, MWAA's dags/ and requirements.txt). Both: versioned, KMS/SSE encrypted,
# public access blocked, TLS-only.

locals {
  buckets = {
    lake      = "${local.name}-lake-${local.account_id}"
    artifacts = "${local.name}-artifacts-${local.account_id}"
  }
}

resource "aws_s3_bucket" "lake" {
  bucket        = local.buckets.lake
  force_destroy = var.force_destroy_buckets
  tags          = merge(local.tags, { Name = local.buckets.lake })
}

resource "aws_s3_bucket" "artifacts" {
  bucket        = local.buckets.artifacts
  force_destroy = var.force_destroy_buckets
  tags          = merge(local.tags, { Name = local.buckets.artifacts })
}

locals {
  bucket_ids = {
    lake      = aws_s3_bucket.lake.id
    artifacts = aws_s3_bucket.artifacts.id
  }
  bucket_arns = {
    lake      = aws_s3_bucket.lake.arn
    artifacts = aws_s3_bucket.artifacts.arn
  }
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = local.bucket_ids

  bucket = each.value
  versioning_configuration {
    status = "Enabled" # MWAA requires it; in the lake it guards manifests and data against accidental deletes
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = local.bucket_ids

  bucket = each.value
  rule {
    apply_server_side_encryption_by_default {
      # Both buckets use the project key; the roles that read them (stream, loader, MWAA, Redshift) may decrypt.
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true # one KMS call per object batch instead of per request
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each = local.bucket_ids

  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "this" {
  for_each = local.bucket_ids

  bucket = each.value
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

locals {
  bucket_policies = {
    for k, arn in local.bucket_arns : k => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [arn, "${arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }]
    })
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = local.bucket_ids

  bucket = each.value
  policy = local.bucket_policies[each.key]

  depends_on = [aws_s3_bucket_public_access_block.this]
}

# Lake lifecycle. Checkpoints rewrite small objects every micro-batch: keep non-current versions only briefly.
# Incomplete multipart uploads from killed executors are aborted.
resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id

  rule {
    id     = "checkpoints-noncurrent"
    status = "Enabled"
    filter {
      prefix = "${local.lake_key}_checkpoints/"
    }
    noncurrent_version_expiration {
      noncurrent_days = var.checkpoint_noncurrent_days
    }
  }

  # The loader's COPY manifests (iam.tf loader_staging_prefix) are needed only while an hour loads; the loader only
  # writes them (no s3:DeleteObject), so this rule is what removes them.
  rule {
    id     = "loader-staging-expire"
    status = "Enabled"
    filter {
      prefix = local.loader_staging_prefix
    }
    expiration {
      days = 7
    }
    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }

  rule {
    id     = "all-noncurrent-and-multipart"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    id     = "noncurrent"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}
