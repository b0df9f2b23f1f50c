terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

# An API function outside any VPC, and a worker in a VPC that API Gateway does not invoke
# (its permission is for SQS, the integration targets the other function).
resource "aws_cloudformation_stack" "api" {
  name          = "api"
  template_body = <<-YAML
    Resources:
      Api:
        Type: AWS::Lambda::Function
        Properties:
          Handler: index.handler
          Runtime: python3.12
          Role: arn:aws:iam::123456789012:role/handler
          Code:
            ZipFile: "def handler(e, c): return {}"
      Worker:
        Type: AWS::Lambda::Function
        Properties:
          Handler: index.handler
          Runtime: python3.12
          Role: arn:aws:iam::123456789012:role/handler
          Code:
            ZipFile: "def handler(e, c): return {}"
          VpcConfig:
            SubnetIds: [subnet-0a1b2c3d]
            SecurityGroupIds: [sg-0a1b2c3d]
      Integration:
        Type: AWS::ApiGatewayV2::Integration
        Properties:
          ApiId: abc123
          IntegrationType: AWS_PROXY
          IntegrationUri: !GetAtt Api.Arn
          PayloadFormatVersion: "2.0"
      FromQueue:
        Type: AWS::Lambda::Permission
        Properties:
          Action: lambda:InvokeFunction
          FunctionName: !Ref Worker
          Principal: sqs.amazonaws.com
    YAML
}
