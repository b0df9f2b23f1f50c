locals {
  v0 = ["x"]
  v1 = [local.v0, local.v0]
  v2 = [local.v1, local.v1]
  v3 = [local.v2, local.v2]
  v4 = [local.v3, local.v3]
  v5 = [local.v4, local.v4]
  v6 = [local.v5, local.v5]
  v7 = [local.v6, local.v6]
  v8 = [local.v7, local.v7]
  v9 = [local.v8, local.v8]
  v10 = [local.v9, local.v9]
  v11 = [local.v10, local.v10]
  v12 = [local.v11, local.v11]
  v13 = [local.v12, local.v12]
  v14 = [local.v13, local.v13]
  v15 = [local.v14, local.v14]
  v16 = [local.v15, local.v15]
  v17 = [local.v16, local.v16]
  v18 = [local.v17, local.v17]
  v19 = [local.v18, local.v18]
  v20 = [local.v19, local.v19]
  v21 = [local.v20, local.v20]
  v22 = [local.v21, local.v21]
  v23 = [local.v22, local.v22]
  v24 = [local.v23, local.v23]
  v25 = [local.v24, local.v24]
  v26 = [local.v25, local.v25]
  v27 = [local.v26, local.v26]
  v28 = [local.v27, local.v27]
  v29 = [local.v28, local.v28]
  v30 = [local.v29, local.v29]
  v31 = [local.v30, local.v30]
  v32 = [local.v31, local.v31]
  v33 = [local.v32, local.v32]
  v34 = [local.v33, local.v33]
  v35 = [local.v34, local.v34]
  v36 = [local.v35, local.v35]
  v37 = [local.v36, local.v36]
  v38 = [local.v37, local.v37]
  v39 = [local.v38, local.v38]
  v40 = [local.v39, local.v39]
  flat = flatten(local.v40)
  json = jsonencode(local.v40)
  same = local.v40 == local.v40
}

resource "aws_kms_key" "k" {
  description = local.json
  tags        = { a = local.v40 }
}
