variable "region" {
  description = "AWS region to deploy into (must offer MSK, EMR Serverless, MWAA and Redshift Serverless)."
  type        = string
  default     = "us-east-1"
}

variable "metabase_allowed_cidrs" {
  description = "Your office/VPN CIDR blocks that may open Metabase."
  type        = list(string)
  default     = []
}

variable "image_tag" {
  description = "Tag of the gh-activity image pushed to ECR (docs/cloud.md)."
  type        = string
  default     = "0.1.0"
}

variable "metabase_certificate_arn" {
  description = "ACM certificate (in var.region) for Metabase's HTTPS listener. Without it the module refuses to plan, unless metabase_allow_plain_http."
  type        = string
  default     = null
}

variable "metabase_host_name" {
  description = "DNS name of Metabase, covered by metabase_certificate_arn (e.g. metabase.example.com)."
  type        = string
  default     = null
}

variable "metabase_allow_plain_http" {
  description = "Serve Metabase over plain HTTP without a certificate: only for a throw-away rehearsal (credentials travel in clear)."
  type        = bool
  default     = false
}

variable "alarm_emails" {
  description = "E-mail addresses that get the alarms, the budget warnings and failed-hour alerts (confirm the mail AWS sends)."
  type        = list(string)
  default     = []
}

variable "monthly_budget_usd" {
  description = "Monthly cost budget in USD (docs/scale.md: about 1,517 for the June 2022 replay month)."
  type        = number
  default     = 1700
}
