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

locals {
  # enable_redshift_serverless = false (an emulator without the API): the loader's policy names a workgroup id
  # "not-created", so the policy keeps its shape.
  redshift_workgroup_arn = var.enable_redshift_serverless ? aws_redshiftserverless_workgroup.this[0].arn : "arn:${local.partition}:redshift-serverless:${local.region}:${local.account_id}:workgroup/not-created"

  # The loader connects with IAM (GetCredentials), as database user "IAMR:<loader role name>", and owns the tables it
  # creates. ALTER DEFAULT PRIVILEGES without FOR USER covers only the admin's own future tables, so Metabase's
  # read-only user would get "permission denied" on every table the loader creates: name the loader's user. It is
  # created here (PASSWORD DISABLE: IAM only) so the grant works before the loader's first connection.
  redshift_loader_user = "IAMR:${aws_iam_role.this["loader"].name}"
  # One statement per line (docs/cloud.md runs them with redshift-data batch-execute-statement, before the first load).
  warehouse_grants_sql = join("\n", [
    "CREATE USER \"${local.redshift_loader_user}\" PASSWORD DISABLE;",
    "CREATE USER metabase_ro PASSWORD '<metabase_ro password>';",
    "GRANT USAGE ON SCHEMA public TO metabase_ro;",
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO metabase_ro;",
    "ALTER DEFAULT PRIVILEGES FOR USER \"${local.redshift_loader_user}\" IN SCHEMA public GRANT SELECT ON TABLES TO metabase_ro;",
  ])
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
