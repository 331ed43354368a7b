# Redshift Serverless: the warehouse (github_events, load_log, quality_checks and the marts of
# io.ghactivity.contracts.Marts). The admin password is generated and kept in Secrets Manager by Redshift; the loader
# and MWAA use IAM (GetCredentials); COPY reads the lake through the redshift role (iam.tf) and the S3 endpoint.

resource "aws_redshiftserverless_namespace" "this" {
  count = var.enable_redshift_serverless ? 1 : 0

  namespace_name        = local.name
  db_name               = var.redshift_database
  admin_username        = var.redshift_admin_username
  manage_admin_password = true
  kms_key_id            = aws_kms_key.data.arn
  iam_roles             = [aws_iam_role.this["redshift"].arn]
  default_iam_role_arn  = aws_iam_role.this["redshift"].arn
  log_exports           = ["userlog", "connectionlog", "useractivitylog"]

  tags = local.tags
}

resource "aws_redshiftserverless_workgroup" "this" {
  count = var.enable_redshift_serverless ? 1 : 0

  namespace_name       = aws_redshiftserverless_namespace.this[0].namespace_name
  workgroup_name       = local.name
  base_capacity        = var.redshift_base_capacity
  max_capacity         = var.redshift_max_capacity
  subnet_ids           = local.private_subnet_ids
  security_group_ids   = [aws_security_group.this["redshift"].id]
  publicly_accessible  = false
  enhanced_vpc_routing = true # COPY traffic stays in the VPC (S3 gateway endpoint)

  config_parameter {
    parameter_key   = "require_ssl"
    parameter_value = "true"
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = length(local.private_subnet_ids) >= 3
      error_message = "Redshift Serverless needs subnets in at least 3 availability zones: set az_count = 3."
    }
  }
}

locals {
  # Without the workgroup (enable_redshift_serverless = false: an emulator that lacks the API) the warehouse URL names
  # a host under .invalid, which resolves nowhere, so nothing can mistake it for a warehouse.
  redshift_endpoint = {
    address = var.enable_redshift_serverless ? aws_redshiftserverless_workgroup.this[0].endpoint[0].address : "${local.name}.redshift-serverless.invalid"
    port    = var.enable_redshift_serverless ? aws_redshiftserverless_workgroup.this[0].endpoint[0].port : 5439
  }
}
