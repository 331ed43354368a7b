# CloudWatch alarms on what breaks the pipeline: broker disk and CPU, a flood of rejects into the DLQ, the producer
# or the streaming job not running; a monthly cost budget. Every alarm, the budget and the DAG's failure alerts notify
# one SNS topic: alarm_sns_topic_arn when given, else the topic created here (subscribe alarm_emails to it).

locals {
  alarm_topic_arn = var.alarm_sns_topic_arn == null ? aws_sns_topic.alarms[0].arn : var.alarm_sns_topic_arn
  alarm_actions   = [local.alarm_topic_arn]
  broker_ids      = range(1, var.msk_broker_count + 1)
}

resource "aws_sns_topic" "alarms" {
  count = var.alarm_sns_topic_arn == null ? 1 : 0

  name              = "${local.name}-alarms"
  kms_master_key_id = aws_kms_key.data.arn # the key policy lets CloudWatch and Budgets use it (kms.tf)

  tags = local.tags
}

# CloudWatch alarms, AWS Budgets and EventBridge (metabase.tf) publish as services: admitted for this account only.
resource "aws_sns_topic_policy" "alarms" {
  count = var.alarm_sns_topic_arn == null ? 1 : 0

  arn    = aws_sns_topic.alarms[0].arn
  policy = local.alarm_topic_policy
}

locals {
  alarm_topic_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "OwnerManages"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic"]
        Resource  = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${local.name}-alarms"
      },
      {
        Sid       = "ServicesPublish"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com", "events.amazonaws.com"] }
        Action    = "sns:Publish"
        Resource  = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${local.name}-alarms"
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = toset(var.alarm_sns_topic_arn == null ? var.alarm_emails : [])

  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email" # AWS mails a confirmation link; nothing is delivered before it is clicked
  endpoint  = each.value
}

# docs/scale.md estimates the month of the June 2022 replay at about 1,517 USD: warn at 80 % of the budget actually
# spent and when the month's forecast exceeds it. Account-wide on purpose: a tag filter reports 0 USD until the
# Project tag is activated as a cost allocation tag (a manual, billing-console step), so it would never fire.
resource "aws_budgets_budget" "monthly" {
  count = var.enable_budget ? 1 : 0

  name         = "${local.name}-monthly"
  budget_type  = "COST"
  limit_amount = tostring(var.monthly_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = local.alarm_actions
  }

  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "FORECASTED"
    subscriber_sns_topic_arns = local.alarm_actions
  }

  tags = local.tags
}

resource "aws_cloudwatch_metric_alarm" "msk_disk" {
  for_each = toset([for id in local.broker_ids : tostring(id)])

  alarm_name          = "${local.name}-msk-disk-broker-${each.key}"
  alarm_description   = "MSK broker ${each.key} data disk above 80%: raise msk_broker_volume_gb or shorten retention"
  namespace           = "AWS/Kafka"
  metric_name         = "KafkaDataLogsDiskUsed"
  dimensions          = { "Cluster Name" = local.msk.cluster_name, "Broker ID" = each.key }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = local.tags
}

resource "aws_cloudwatch_metric_alarm" "msk_cpu" {
  for_each = toset([for id in local.broker_ids : tostring(id)])

  alarm_name          = "${local.name}-msk-cpu-broker-${each.key}"
  alarm_description   = "MSK broker ${each.key} user CPU above 60% for 15 min: scale the broker size (docs/scale.md)"
  namespace           = "AWS/Kafka"
  metric_name         = "CpuUser"
  dimensions          = { "Cluster Name" = local.msk.cluster_name, "Broker ID" = each.key }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = 60
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = local.tags
}

# Records per hour into the DLQ, summed over brokers (per-topic metrics need PER_TOPIC_PER_BROKER monitoring).
resource "aws_cloudwatch_metric_alarm" "dlq_rate" {
  alarm_name          = "${local.name}-dlq-rate"
  alarm_description   = "more than ${var.dlq_alarm_threshold} rejected records per hour reached ${var.topic_names.dlq}"
  evaluation_periods  = 1
  threshold           = var.dlq_alarm_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  metric_query {
    id          = "per_hour"
    expression  = "SUM(METRICS()) * 3600"
    label       = "DLQ records per hour"
    return_data = true
  }

  dynamic "metric_query" {
    for_each = local.broker_ids
    content {
      id = "b${metric_query.value}"
      metric {
        namespace   = "AWS/Kafka"
        metric_name = "MessagesInPerSec"
        period      = 3600
        stat        = "Average"
        dimensions = {
          "Cluster Name" = local.msk.cluster_name
          "Broker ID"    = tostring(metric_query.value)
          "Topic"        = var.topic_names.dlq
        }
      }
    }
  }

  tags = local.tags
}

resource "aws_cloudwatch_metric_alarm" "producer_down" {
  alarm_name          = "${local.name}-producer-down"
  alarm_description   = "the producer service has no running task for 15 min: new hours are not replayed"
  namespace           = "ECS/ContainerInsights"
  metric_name         = "RunningTaskCount"
  dimensions          = { ClusterName = aws_ecs_cluster.this.name, ServiceName = aws_ecs_service.producer.name }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = local.tags
}

resource "aws_cloudwatch_metric_alarm" "stream_down" {
  alarm_name          = "${local.name}-stream-down"
  alarm_description   = "no streaming job runs on the EMR Serverless application for 15 min: the lake is not updated"
  namespace           = "AWS/EMRServerless"
  metric_name         = "RunningJobs"
  dimensions          = { ApplicationId = aws_emrserverless_application.stream.id }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = local.tags
}
