# One customer-managed key for data at rest: the lake bucket, MSK broker storage and the Redshift namespace.
# The key policy is the default (the account administers it); roles get kms:Decrypt/GenerateDataKey in iam.tf.

resource "aws_kms_key" "data" {
  description             = "${local.name} data at rest (S3 lake, MSK, Redshift)"
  enable_key_rotation     = true
  deletion_window_in_days = 30

  tags = local.tags
}

resource "aws_kms_alias" "data" {
  name          = "alias/${local.name}-data"
  target_key_id = aws_kms_key.data.key_id
}
