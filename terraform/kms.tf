# One customer-managed key for data at rest: the lake and artifacts buckets, MSK broker storage, EFS, RDS, the Redshift
# namespace, CloudWatch log groups, secrets, ECR and the alarm topic. The key policy keeps the account in control (IAM
# policies grant roles their kms:* actions, iam.tf) and lets the services that encrypt on our behalf without a role of
# ours use it: CloudWatch Logs for this account's log groups, CloudWatch alarms, Budgets and EventBridge for the alarm topic.

resource "aws_kms_key" "data" {
  description             = "${local.name} data at rest (S3, MSK, EFS, RDS, Redshift, logs, secrets, SNS)"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy                  = local.data_key_policy

  tags = local.tags
}

locals {
  data_key_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # The default key policy: the account's IAM policies decide who may use the key.
        Sid       = "AccountAdministers"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudWatchLogsEncrypt"
        Effect    = "Allow"
        Principal = { Service = "logs.${local.region}.amazonaws.com" }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"]
        Resource  = "*"
        Condition = { StringLike = { "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:*" } }
      },
      {
        Sid       = "AlarmTopicPublishers"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.amazonaws.com"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource  = "*"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
}

resource "aws_kms_alias" "data" {
  name          = "alias/${local.name}-data"
  target_key_id = aws_kms_key.data.key_id
}
