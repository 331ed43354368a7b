# VPC with public subnets (load balancer, NAT) and private subnets (MSK, ECS tasks, EMR, RDS, Redshift, MWAA),
# or an existing VPC when create_vpc = false. Security groups: one per component, ingress only from its clients.

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, var.az_count)

  vpc_id             = var.create_vpc ? aws_vpc.this[0].id : var.vpc_id
  private_subnet_ids = var.create_vpc ? aws_subnet.private[*].id : var.private_subnet_ids
  public_subnet_ids  = var.create_vpc ? aws_subnet.public[*].id : var.public_subnet_ids
  nat_count          = var.create_vpc ? (var.single_nat_gateway ? 1 : var.az_count) : 0
}

resource "aws_vpc" "this" {
  count = var.create_vpc ? 1 : 0

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true # MSK, MWAA and Redshift endpoints are DNS names

  tags = merge(local.tags, { Name = local.name })
}

resource "aws_internet_gateway" "this" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(local.tags, { Name = local.name })
}

resource "aws_subnet" "public" {
  count = var.create_vpc ? var.az_count : 0

  vpc_id            = aws_vpc.this[0].id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 8, count.index)

  tags = merge(local.tags, { Name = "${local.name}-public-${local.azs[count.index]}", Tier = "public" })
}

resource "aws_subnet" "private" {
  count = var.create_vpc ? var.az_count : 0

  vpc_id            = aws_vpc.this[0].id
  availability_zone = local.azs[count.index]
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index + 1) # /20: room for Fargate and EMR ENIs

  tags = merge(local.tags, { Name = "${local.name}-private-${local.azs[count.index]}", Tier = "private" })
}

resource "aws_eip" "nat" {
  count = local.nat_count

  domain = "vpc"
  tags   = merge(local.tags, { Name = "${local.name}-nat-${count.index}" })
}

resource "aws_nat_gateway" "this" {
  count = local.nat_count

  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = aws_subnet.public[count.index].id
  tags          = merge(local.tags, { Name = "${local.name}-nat-${count.index}" })

  depends_on = [aws_internet_gateway.this]
}

resource "aws_route_table" "public" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(local.tags, { Name = "${local.name}-public" })
}

resource "aws_route" "public_internet" {
  count = var.create_vpc ? 1 : 0

  route_table_id         = aws_route_table.public[0].id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this[0].id
}

resource "aws_route_table_association" "public" {
  count = var.create_vpc ? var.az_count : 0

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

resource "aws_route_table" "private" {
  count = var.create_vpc ? var.az_count : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(local.tags, { Name = "${local.name}-private-${local.azs[count.index]}" })
}

resource "aws_route" "private_nat" {
  count = var.create_vpc ? var.az_count : 0

  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[var.single_nat_gateway ? 0 : count.index].id
}

resource "aws_route_table_association" "private" {
  count = var.create_vpc ? var.az_count : 0

  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

# Lake traffic (hundreds of GB a month) stays off the NAT gateway: S3 through a free gateway endpoint.
resource "aws_vpc_endpoint" "s3" {
  count = var.create_vpc ? 1 : 0

  vpc_id            = aws_vpc.this[0].id
  service_name      = "com.amazonaws.${local.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = aws_route_table.private[*].id
  tags              = merge(local.tags, { Name = "${local.name}-s3" })
}

# ---------------------------------------------------------------------------------------------------------------------
# Security groups. Clients (producer, stream job, loader, MWAA, Metabase) each have their own group; servers accept
# only those groups on their one port.
# ---------------------------------------------------------------------------------------------------------------------

locals {
  security_groups = {
    msk      = "Amazon MSK brokers: SASL/IAM over TLS on 9098 from the pipeline's clients"
    producer = "producer tasks (replay --follow)"
    stream   = "EMR Serverless streaming job"
    loader   = "loader tasks run by MWAA"
    mwaa     = "Amazon MWAA environment (self-referencing, as MWAA requires)"
    alb      = "Metabase load balancer"
    metabase = "Metabase tasks"
    rds      = "Metabase application database (PostgreSQL)"
    redshift = "Redshift Serverless workgroup"
  }

  # server => { port, clients }
  ingress = {
    msk      = { port = 9098, clients = ["producer", "stream", "loader", "mwaa"] }
    redshift = { port = 5439, clients = ["loader", "metabase", "mwaa"] }
    rds      = { port = 5432, clients = ["metabase"] }
    metabase = { port = 3000, clients = ["alb"] }
  }

  ingress_rules = merge([
    for server, rule in local.ingress : {
      for client in rule.clients : "${server}-from-${client}" => { server = server, client = client, port = rule.port }
    }
  ]...)
}

resource "aws_security_group" "this" {
  for_each = local.security_groups

  name        = "${local.name}-${each.key}"
  description = each.value
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${local.name}-${each.key}" })
}

resource "aws_vpc_security_group_ingress_rule" "component" {
  for_each = local.ingress_rules

  security_group_id            = aws_security_group.this[each.value.server].id
  referenced_security_group_id = aws_security_group.this[each.value.client].id
  from_port                    = each.value.port
  to_port                      = each.value.port
  ip_protocol                  = "tcp"
  description                  = "${each.value.client} to ${each.value.server}"

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "mwaa_self" {
  security_group_id            = aws_security_group.this["mwaa"].id
  referenced_security_group_id = aws_security_group.this["mwaa"].id
  ip_protocol                  = "-1"
  description                  = "MWAA components talk to each other"

  tags = local.tags
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each = toset(var.metabase_allowed_cidrs)

  security_group_id = aws_security_group.this["alb"].id
  cidr_ipv4         = each.value
  from_port         = var.metabase_certificate_arn == null ? 80 : 443
  to_port           = var.metabase_certificate_arn == null ? 80 : 443
  ip_protocol       = "tcp"
  description       = "Metabase users"

  tags = local.tags
}

# Egress: every component may call out (AWS APIs, S3 endpoint, GH Archive over NAT for the producer).
resource "aws_vpc_security_group_egress_rule" "all" {
  for_each = local.security_groups

  security_group_id = aws_security_group.this[each.key].id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
  description       = "outbound"

  tags = local.tags
}

# The VPC's default security group admits nothing: every component uses its own group above, so anything that lands
# in the default group by mistake gets no traffic.
resource "aws_default_security_group" "this" {
  count = var.create_vpc ? 1 : 0

  vpc_id = aws_vpc.this[0].id
  tags   = merge(local.tags, { Name = "${local.name}-default-deny" })
}

# Rejected flows of the VPC (created or given) to CloudWatch Logs: what a security group blocks is the question when a
# component cannot reach another. REJECT only keeps the volume (and cost) to what explains a failure.
resource "aws_flow_log" "vpc" {
  vpc_id               = local.vpc_id
  traffic_type         = "REJECT"
  log_destination_type = "cloud-watch-logs"
  log_destination      = aws_cloudwatch_log_group.this["vpc_flow"].arn
  iam_role_arn         = aws_iam_role.this["flow_logs"].arn

  tags = merge(local.tags, { Name = "${local.name}-flow-logs" })
}
