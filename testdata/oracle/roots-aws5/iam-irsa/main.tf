provider "aws" {
  region = "eu-west-1"
}

module "irsa" {
  source = "../../modules-aws5/terraform-aws-iam@v5.60.0/modules/iam-role-for-service-accounts-eks"

  role_name                      = "oracle-external-dns"
  attach_external_dns_policy     = true
  external_dns_hosted_zone_arns  = ["arn:aws:route53:::hostedzone/Z0123456789"]
  attach_ebs_csi_policy          = true

  oidc_providers = {
    main = {
      provider_arn               = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"
      namespace_service_accounts = ["kube-system:external-dns", "kube-system:ebs-csi-controller-sa"]
    }
  }
}
