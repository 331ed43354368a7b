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
