# Amazon MSK: IAM authentication over TLS only (port 9098), encryption at rest with the project key, broker logs to
# CloudWatch. The AWS provider has no topic resource: the producer creates its topics (see local.topic_partitions);
# auto-creation stays off so a typo never creates a topic. Retention is per topic, set by the producer when it creates
# them: no time bound (record timestamps are created_at) and a size bound per partition (var.events_retention_bytes).

resource "aws_msk_configuration" "this" {
  count = var.enable_msk ? 1 : 0

  name              = local.name
  kafka_versions    = [var.msk_kafka_version]
  description       = "gh-activity broker settings (see docs/scale.md)"
  server_properties = <<-PROPERTIES
    auto.create.topics.enable=false
    default.replication.factor=3
    min.insync.replicas=2
    num.partitions=${var.events_partitions}
    # An event may be 5 MiB (Topics.MAX_EVENT_BYTES); batches carry key, headers and overhead on top.
    message.max.bytes=6291456
    replica.fetch.max.bytes=6291456
    unclean.leader.election.enable=false
    compression.type=producer
  PROPERTIES

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_msk_cluster" "this" {
  count = var.enable_msk ? 1 : 0

  cluster_name           = local.name
  kafka_version          = var.msk_kafka_version
  number_of_broker_nodes = var.msk_broker_count
  enhanced_monitoring    = "PER_TOPIC_PER_BROKER" # per-topic MessagesInPerSec feeds the DLQ alarm

  broker_node_group_info {
    instance_type   = var.msk_broker_instance_type
    client_subnets  = local.private_subnet_ids
    security_groups = [aws_security_group.this["msk"].id]

    storage_info {
      ebs_storage_info {
        volume_size = var.msk_broker_volume_gb
      }
    }
  }

  client_authentication {
    unauthenticated = false
    sasl {
      iam = true
    }
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = aws_kms_key.data.arn
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this[0].arn
    revision = aws_msk_configuration.this[0].latest_revision
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.this["msk"].name
      }
    }
  }

  tags = local.tags

  lifecycle {
    precondition {
      condition     = var.msk_broker_count % length(local.private_subnet_ids) == 0
      error_message = "msk_broker_count must be a multiple of the number of private subnets (one broker set per AZ)."
    }
  }
}

locals {
  # Without the cluster (enable_msk = false: an emulator whose MSK lacks configurations and bootstrap brokers) the
  # commands name brokers under .invalid, which resolve nowhere, and the IAM policies a cluster id "not-created".
  msk = var.enable_msk ? {
    arn                        = aws_msk_cluster.this[0].arn
    cluster_name               = aws_msk_cluster.this[0].cluster_name
    cluster_uuid               = aws_msk_cluster.this[0].cluster_uuid
    bootstrap_brokers_sasl_iam = aws_msk_cluster.this[0].bootstrap_brokers_sasl_iam
    } : {
    arn                        = "arn:${local.partition}:kafka:${local.region}:${local.account_id}:cluster/${local.name}/not-created"
    cluster_name               = local.name
    cluster_uuid               = "not-created"
    bootstrap_brokers_sasl_iam = join(",", [for i in range(var.msk_broker_count) : "b-${i + 1}.${local.name}.kafka.invalid:9098"])
  }
}
