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

# Functions created through CloudFormation and Cloud Control: an API Lambda (API Gateway
# integration or permission in the same template, Terraform wiring, or an API name) must not
# have VpcConfig subnets.
resource "aws_cloudformation_stack" "rest" {
  name = "rest-api"
  template_body = jsonencode({
    Resources = {
      Handler = {
        Type = "AWS::Lambda::Function"
        Properties = {
          Handler = "index.handler"
          Runtime = "python3.12"
          Role    = "arn:aws:iam::123456789012:role/handler"
          Code    = { ZipFile = "def handler(e, c): return {}" }
          VpcConfig = { # expect: PE007 aws_cloudformation_stack.rest
            SubnetIds        = ["subnet-0a1b2c3d"]
            SecurityGroupIds = ["sg-0a1b2c3d"]
          }
        }
      }
      Method = {
        Type = "AWS::ApiGateway::Method"
        Properties = {
          HttpMethod        = "GET"
          ResourceId        = "abc123"
          RestApiId         = "def456"
          AuthorizationType = "NONE"
          Integration = {
            Type                  = "AWS_PROXY"
            IntegrationHttpMethod = "POST"
            Uri                   = { "Fn::Sub" = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/$${Handler.Arn}/invocations" }
          }
        }
      }
    }
  })
}

resource "aws_cloudformation_stack" "permission_yaml" {
  name          = "http-api"
  template_body = ( # expect: PE007 aws_cloudformation_stack.permission_yaml
    <<-YAML
    Resources:
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
      Invoke:
        Type: AWS::Lambda::Permission
        Properties:
          Action: lambda:InvokeFunction
          FunctionName: !GetAtt Worker.Arn
          Principal: !Sub "apigateway.$${AWS::URLSuffix}"
    YAML
  )
}

variable "subnets" {
  type = list(string)
}

resource "aws_cloudformation_stack" "unknown_subnets" {
  name = "presign"
  template_body = jsonencode({
    Resources = {
      PresignFn = {
        Type = "AWS::Lambda::Function"
        Properties = {
          Handler = "index.handler"
          Runtime = "python3.12"
          Role    = "arn:aws:iam::123456789012:role/handler"
          Code    = { ZipFile = "def handler(e, c): return {}" }
          VpcConfig = { # expect-unresolved: PE007 aws_cloudformation_stack.unknown_subnets
            SubnetIds = var.subnets
          }
        }
      }
    }
  })
}

resource "aws_cloudcontrolapi_resource" "fn" {
  type_name = "AWS::Lambda::Function"
  desired_state = jsonencode({
    FunctionName = "orders-api"
    Handler      = "index.handler"
    Runtime      = "python3.12"
    Role         = "arn:aws:iam::123456789012:role/handler"
    Code         = { ZipFile = "def handler(e, c): return {}" }
    VpcConfig = { # expect: PE007 aws_cloudcontrolapi_resource.fn
      SubnetIds = ["subnet-0a1b2c3d"]
    }
  })
}

resource "aws_lambda_permission" "api" {
  action        = "lambda:InvokeFunction"
  function_name = jsondecode(aws_cloudcontrolapi_resource.fn.properties).FunctionName
  principal     = "apigateway.amazonaws.com"
}

# A SAM function whose own Api event creates the API that invokes it.
resource "aws_cloudformation_stack" "sam" {
  name         = "sam-api"
  capabilities = ["CAPABILITY_AUTO_EXPAND", "CAPABILITY_IAM"]
  template_body = ( # expect: PE007 aws_cloudformation_stack.sam
    <<-YAML
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Orders:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: python3.12
          InlineCode: "def handler(e, c): return {}"
          VpcConfig:
            SubnetIds: [subnet-0a1b2c3d]
            SecurityGroupIds: [sg-0a1b2c3d]
          Events:
            Get:
              Type: Api
              Properties:
                Path: /orders
                Method: get
    YAML
  )
}
