# ---------------------------------------------------------------------------------------------------------------------
# Naming and tags
# ---------------------------------------------------------------------------------------------------------------------

variable "name" {
  description = "Project name; every resource name starts with \"<name>-<environment>\"."
  type        = string
  default     = "gh-activity"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must be 2-21 lower-case letters, digits or '-', starting with a letter (it prefixes S3, MSK and IAM names)."
  }
}

variable "environment" {
  description = "Environment name (dev, prod, ...), part of every resource name."
  type        = string
  default     = "dev"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.environment))
    error_message = "environment must be 2-10 lower-case letters or digits, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags merged into local.tags, which every resource gets."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------------------
# Network
# ---------------------------------------------------------------------------------------------------------------------

variable "create_vpc" {
  description = "Create a VPC with public and private subnets in az_count zones. false: use vpc_id and the subnet ids given."
  type        = bool
  default     = true
}

variable "vpc_cidr" {
  description = "CIDR of the VPC created when create_vpc is true."
  type        = string
  default     = "10.42.0.0/16"
}

variable "az_count" {
  description = "Availability zones to span (MSK brokers are spread evenly over them; MWAA needs exactly 2 private subnets, the first two are used)."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 3
    error_message = "az_count must be 2 or 3."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all private subnets (cheaper, one AZ is a single point of failure) instead of one per AZ."
  type        = bool
  default     = true
}

variable "vpc_id" {
  description = "Existing VPC id, used when create_vpc is false."
  type        = string
  default     = null
}

variable "private_subnet_ids" {
  description = "Existing private subnet ids (with a NAT route), one per AZ, used when create_vpc is false."
  type        = list(string)
  default     = []
}

variable "public_subnet_ids" {
  description = "Existing public subnet ids for the Metabase load balancer, used when create_vpc is false."
  type        = list(string)
  default     = []
}

# ---------------------------------------------------------------------------------------------------------------------
# Amazon MSK
# ---------------------------------------------------------------------------------------------------------------------

variable "msk_kafka_version" {
  description = "MSK Kafka version. 3.9.x (KRaft) matches the project's kafka-clients 3.9.2."
  type        = string
  default     = "3.9.x"
}

variable "msk_broker_instance_type" {
  description = "MSK broker instance type (docs/scale.md: kafka.m7g.large carries the June 2022 replay)."
  type        = string
  default     = "kafka.m7g.large"
}

variable "msk_broker_count" {
  description = "Number of MSK brokers; a multiple of az_count."
  type        = number
  default     = 3
}

variable "msk_broker_volume_gb" {
  description = "EBS storage per broker in GiB (docs/scale.md: retention x compressed bytes x replication / brokers, plus headroom)."
  type        = number
  default     = 1000
}

variable "enable_msk" {
  description = "Create the MSK cluster and its configuration. false only against an AWS emulator whose MSK API is incomplete (tests/test_apply_rehearsal.py: moto 5.2.5 has no CreateConfiguration or GetBootstrapBrokers): the commands then name brokers under .invalid."
  type        = bool
  default     = true
}

variable "topic_names" {
  description = "Kafka topic names; must equal io.ghactivity.contracts.Topics."
  type = object({
    events  = string
    dlq     = string
    control = string
  })
  default = {
    events  = "gharchive.events"
    dlq     = "gharchive.events.dlq"
    control = "gharchive.control"
  }
}

variable "events_partitions" {
  description = "Partitions of gharchive.events (docs/scale.md: 48 = 12 per expected consumer core x 4, divisible by 3 brokers)."
  type        = number
  default     = 48
}

variable "events_retention_bytes" {
  description = "Size bound per topic partition, passed to the producer as --retention-bytes when it creates the topics. Time retention is off on them: record timestamps are created_at, so a time bound would delete a replay of old hours. Keep (partitions of all topics x replication / brokers) x this below msk_broker_volume_gb (docs/scale.md)."
  type        = number
  default     = 10737418240 # 10 GiB: 61 partition replicas per broker x 10 GiB = 610 GiB of the default 1000 GiB

  validation {
    condition     = var.events_retention_bytes >= 1073741824
    error_message = "events_retention_bytes must be at least 1 GiB (June 2022 is about 2 GiB per partition at 48 partitions)."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# S3 lake and artifacts
# ---------------------------------------------------------------------------------------------------------------------

variable "lake_prefix" {
  description = "Key prefix of the lake inside the lake bucket (\"\" = bucket root). The lake root is s3a://<bucket>/<prefix>."
  type        = string
  default     = "lake"
}

variable "force_destroy_buckets" {
  description = "Let terraform destroy non-empty buckets (only for throw-away environments)."
  type        = bool
  default     = false
}

variable "checkpoint_noncurrent_days" {
  description = "Days to keep non-current versions of objects under _checkpoints/ (checkpoints rewrite small files constantly)."
  type        = number
  default     = 3
}

variable "noncurrent_version_days" {
  description = "Days to keep non-current object versions in the lake and artifacts buckets."
  type        = number
  default     = 30
}

# ---------------------------------------------------------------------------------------------------------------------
# Images and tasks (ECS Fargate)
# ---------------------------------------------------------------------------------------------------------------------

variable "image_tag" {
  description = "Tag of the gh-activity image pushed to the ECR repository (docs/cloud.md: build and push). Tags are immutable there: use a version per build."
  type        = string
  default     = "latest"
}

variable "producer_command" {
  description = "Arguments to bin/gh-activity for the producer service. Placeholders: {bootstrap} (MSK IAM brokers), {partitions} (events_partitions), {retention_bytes} (events_retention_bytes)."
  type        = list(string)
  default = [
    "replay", "--source", "gharchive", "--from", "2022-06-01T00", "--follow",
    "--bootstrap", "{bootstrap}", "--msk-iam", "--partitions", "{partitions}", "--retention-bytes", "{retention_bytes}",
    "--state-dir", "/state/replay", "--cache-dir", "/state/cache", "--delete-downloads",
  ]
}

variable "loader_command" {
  description = "Default arguments of the loader container: a sweep of every pending hour (run by hand, it is the backfill); MWAA's EcsRunTaskOperator overrides them per run with the same flags. Placeholders: {lake}, {warehouse}, {s3_staging}, {copy_iam_role}."
  type        = list(string)
  default = [
    "load", "--lake", "{lake}", "--warehouse", "{warehouse}", "--pending",
    "--iam-role", "{copy_iam_role}", "--s3-staging", "{s3_staging}",
  ]
}

variable "producer_cpu" {
  description = "Fargate CPU units of the producer task (1024 = 1 vCPU)."
  type        = number
  default     = 2048
}

variable "producer_memory" {
  description = "Fargate memory of the producer task in MiB (a 512 MB heap plus two decoded hours of about 0.8 GB off the heap)."
  type        = number
  default     = 4096
}

variable "loader_cpu" {
  description = "Fargate CPU units of the loader task."
  type        = number
  default     = 1024
}

variable "loader_memory" {
  description = "Fargate memory of the loader task in MiB."
  type        = number
  default     = 2048
}

# ---------------------------------------------------------------------------------------------------------------------
# EMR Serverless (streaming job)
# ---------------------------------------------------------------------------------------------------------------------

variable "emr_release_label" {
  description = "EMR Serverless release label. emr-spark-8.0.0 ships Spark 4.0.2 (Scala 2.13, Java 17); see docs/cloud.md."
  type        = string
  default     = "emr-spark-8.0.0"

  validation {
    # AWS labels are emr-<major>.<minor>.<patch> (emr-7.9.0) or emr-spark-<major>.<minor>.<patch> (emr-spark-8.0.0).
    condition     = can(regex("^emr-(spark-)?[0-9]+\\.[0-9]+\\.[0-9]+$", var.emr_release_label))
    error_message = "emr_release_label must be a full EMR release label such as emr-spark-8.0.0 (three version numbers)."
  }
}

variable "emr_max_vcpu" {
  description = "Maximum vCPU the EMR Serverless application may use at once (docs/scale.md)."
  type        = number
  default     = 64
}

variable "emr_max_memory_gb" {
  description = "Maximum memory in GB the EMR Serverless application may use at once."
  type        = number
  default     = 256
}

variable "emr_prewarm" {
  description = "Keep one driver and executors pre-initialised (initial capacity) so the long-running stream restarts fast."
  type        = bool
  default     = false
}

variable "emr_executor_count" {
  description = "Pre-initialised executors when emr_prewarm is true (4 vCPU / 16 GB each)."
  type        = number
  default     = 4
}

# ---------------------------------------------------------------------------------------------------------------------
# Redshift Serverless
# ---------------------------------------------------------------------------------------------------------------------

variable "enable_redshift_serverless" {
  description = "Create the Redshift Serverless namespace and workgroup. false only against an AWS emulator that lacks the API (tests/test_apply_rehearsal.py, moto): the warehouse URL then names <name>-<environment>.redshift-serverless.invalid."
  type        = bool
  default     = true
}

variable "redshift_database" {
  description = "Database name in the Redshift Serverless namespace (the loader and Metabase connect to it)."
  type        = string
  default     = "ghactivity"
}

variable "redshift_admin_username" {
  description = "Admin user of the namespace; its password is generated and kept in Secrets Manager by Redshift."
  type        = string
  default     = "ghadmin"
}

variable "redshift_base_capacity" {
  description = "Base RPUs of the workgroup (docs/scale.md: 8 is the smallest and enough for the marts)."
  type        = number
  default     = 8
}

variable "redshift_max_capacity" {
  description = "Upper bound of RPUs the workgroup may scale to (caps cost)."
  type        = number
  default     = 32
}

# ---------------------------------------------------------------------------------------------------------------------
# Amazon MWAA
# ---------------------------------------------------------------------------------------------------------------------

variable "enable_mwaa" {
  description = "Create the MWAA environment. false only against an AWS emulator that lacks the API (tests/test_apply_rehearsal.py, moto); the DAGs, requirements and startup script are uploaded either way."
  type        = bool
  default     = true
}

variable "airflow_version" {
  description = "MWAA Airflow version; must match airflow/requirements.txt's constraints."
  type        = string
  default     = "2.11.0"
}

variable "mwaa_environment_class" {
  description = "MWAA environment class (one hourly DAG fits mw1.small)."
  type        = string
  default     = "mw1.small"
}

variable "mwaa_webserver_access_mode" {
  description = "PRIVATE_ONLY (reach the UI through the VPC) or PUBLIC_ONLY (IAM-authenticated internet endpoint)."
  type        = string
  default     = "PRIVATE_ONLY"

  validation {
    condition     = contains(["PRIVATE_ONLY", "PUBLIC_ONLY"], var.mwaa_webserver_access_mode)
    error_message = "mwaa_webserver_access_mode must be PRIVATE_ONLY or PUBLIC_ONLY."
  }
}

variable "airflow_dags_dir" {
  description = "Local directory whose *.py DAG files are uploaded to the MWAA bucket (relative to the root module)."
  type        = string
  default     = null
}

variable "airflow_requirements_file" {
  description = "Local requirements.txt uploaded for MWAA (null = airflow/requirements.txt of this repository)."
  type        = string
  default     = null
}

# ---------------------------------------------------------------------------------------------------------------------
# Metabase
# ---------------------------------------------------------------------------------------------------------------------

variable "metabase_image" {
  description = "Metabase container image (pin a current release)."
  type        = string
  default     = "metabase/metabase:v0.64.2.2" # the v0.64 LTS line
}

variable "metabase_cpu" {
  description = "Fargate CPU units of the Metabase task."
  type        = number
  default     = 1024
}

variable "metabase_memory" {
  description = "Fargate memory of the Metabase task in MiB (Metabase wants >= 2 GiB)."
  type        = number
  default     = 3072
}

variable "metabase_allowed_cidrs" {
  description = "CIDR blocks allowed to reach the Metabase load balancer. Keep it to your office/VPN ranges."
  type        = list(string)
  default     = []
}

variable "metabase_certificate_arn" {
  description = "ACM certificate for the HTTPS listener of the Metabase load balancer (HTTP then only redirects). Required unless metabase_allow_plain_http."
  type        = string
  default     = null
}

variable "metabase_host_name" {
  description = "DNS name users open Metabase under (covered by metabase_certificate_arn; point it at the load balancer). null = the load balancer's own name."
  type        = string
  default     = null
}

variable "metabase_allow_plain_http" {
  description = "Serve Metabase over plain HTTP when no certificate is given (the admin password travels in clear: throw-away tests only). false = refuse to plan without metabase_certificate_arn."
  type        = bool
  default     = false
}

variable "aws_cli_image" {
  description = "AWS CLI image of the one-shot task that restarts Metabase after its database password rotated."
  type        = string
  default     = "public.ecr.aws/aws-cli/aws-cli:2.17.0"
}

variable "metabase_db_instance_class" {
  description = "RDS PostgreSQL instance class of Metabase's application database."
  type        = string
  default     = "db.t4g.micro"
}

variable "metabase_db_engine_version" {
  description = "RDS PostgreSQL major version of Metabase's application database."
  type        = string
  default     = "16"
}

# ---------------------------------------------------------------------------------------------------------------------
# Operations
# ---------------------------------------------------------------------------------------------------------------------

variable "enable_budget" {
  description = "Create the monthly cost budget. false only against an AWS emulator whose Budgets API is incomplete (tests/test_apply_rehearsal.py: moto 5.2.5 has no DescribeSubscribersForNotification, which the provider reads after create)."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of every log group."
  type        = number
  default     = 30
}

variable "alarm_sns_topic_arn" {
  description = "Existing SNS topic that alarms, the budget and the DAG's failure alerts notify; null = the module creates one (encrypted, subscribe alarm_emails)."
  type        = string
  default     = null
}

variable "alarm_emails" {
  description = "E-mail addresses subscribed to the module's alarm topic (each confirms by mail); ignored with alarm_sns_topic_arn."
  type        = list(string)
  default     = []
}

variable "monthly_budget_usd" {
  description = "Monthly cost budget in USD of the account (deploy into a dedicated account); notifies at 80 % actual and 100 % forecast (docs/scale.md: about 1,517 for the June 2022 replay)."
  type        = number
  default     = 1700
}

variable "dlq_alarm_threshold" {
  description = "Alarm when more than this many records per hour reach gharchive.events.dlq (a few rejects a day are normal)."
  type        = number
  default     = 1000
}

# ---------------------------------------------------------------------------------------------------------------------
# Streaming job submission (rendered into the stream_start_job_run output)
# ---------------------------------------------------------------------------------------------------------------------

variable "stream_main_class" {
  description = "Main class of the streaming-job jar that `gh-activity stream` runs."
  type        = string
  default     = "io.ghactivity.stream.StreamCommand"
}

variable "stream_arguments" {
  description = "Arguments of the streaming job on EMR Serverless. Placeholders: {bootstrap}, {lake}."
  type        = list(string)
  default     = ["--lake", "{lake}", "--bootstrap", "{bootstrap}", "--msk-iam"]
}

variable "stream_executor_count" {
  description = "Spark executors of the streaming job (4 vCPU / 16 GB each; docs/scale.md)."
  type        = number
  default     = 4
}
