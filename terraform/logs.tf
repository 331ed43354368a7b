# One CloudWatch log group per component, all with the same retention, encrypted with the project key.

locals {
  log_groups = {
    msk      = "/aws/msk/${local.name}"
    stream   = "/aws/emr-serverless/${local.name}"
    producer = "/ecs/${local.name}/producer"
    loader   = "/ecs/${local.name}/loader"
    metabase = "/ecs/${local.name}/metabase"
    vpc_flow = "/aws/vpc/${local.name}/flow-logs"
  }
}

resource "aws_cloudwatch_log_group" "this" {
  for_each = local.log_groups

  name              = each.value
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.data.arn

  tags = local.tags
}
