# Report escaping fixture: the instance key puts `|`, `,`, `:`, `%`, `<` and `&` into the
# resource address, which every finding message repeats.
resource "aws_kms_key" "k" {
  for_each    = toset(["a|b,c:d%e<f&g"])
  description = "escaping fixture"
}
