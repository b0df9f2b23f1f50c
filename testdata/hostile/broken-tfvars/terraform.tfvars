environment = "prod
