locals {
  grid   = [for i in range(100000) : [for j in range(100000) : "${i}-${j}"]]
  words  = join(",", [for i in range(1000000) : format("%099d", i)])
  padded = [for i in range(100000) : format("%-1000000s", "x")]
}
