terraform {
  # 1.7+ for `terraform test` with mock providers (tests/*.tftest.hcl run offline, no AWS account).
  required_version = ">= 1.7"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Validated with 5.100.0 (tests/); 6.x changes resource schemas and is not validated yet.
      version = ">= 5.100, < 6.0"
    }
  }
}
